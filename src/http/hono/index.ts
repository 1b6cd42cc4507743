/**
 * `data-bridge/hono`: data-bridge models in Hono apps. A middleware that connects the database
 * once per process, request validation from model schemas, an error handler that answers every
 * failure with one JSON shape, and `crud(Model)` routers.
 *
 * @example
 * import { Hono } from "hono";
 * import { crud, database, errorHandler, notFoundHandler } from "data-bridge/hono";
 *
 * const app = new Hono();
 * app.use(database());                       // embedded in-memory server unless a URI is given
 * app.onError(errorHandler());
 * app.notFound(notFoundHandler);
 * app.route("/users", crud(User));
 * export default app;
 */
export { type CrudHooks, type CrudOptions, type CrudRoute, crud, type ListPage } from "./crud.ts";
export { type DatabaseOptions, database, ensureDatabase } from "./database.ts";
export {
  errorHandler,
  type ErrorHandlerOptions,
  errorResponse,
  notFoundHandler,
  toApiError,
} from "./error-handler.ts";
export {
  ApiError,
  BadRequestError,
  type ErrorBody,
  type ErrorIssue,
  type IssueLocation,
  isApiError,
  NotFoundError,
  RequestValidationError,
} from "./errors.ts";
export { readJsonBody } from "./json-body.ts";
export type { ListQuery } from "./list-query.ts";
export type { Patch } from "./model-codec.ts";
export { validateBody, validateQuery } from "./validate.ts";
