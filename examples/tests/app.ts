import { Hono } from "hono";

/** A user as the example API stores and returns it. */
export interface User {
  id: string;
  name: string;
  email: string;
}

/**
 * A small Hono API the example suites test: health, users, login and an HTML search page. It
 * validates its input and escapes what it echoes, so the security suite finds nothing.
 */
export function createApp(): Hono {
  const users = new Map<string, User & { password: string }>();
  let next = 1;
  const app = new Hono();

  app.get("/health", (c) => c.json({ ok: true }));

  app.post("/users", async (c) => {
    const body = await c.req.json().catch(() => null);
    if (
      typeof body?.name !== "string" ||
      typeof body?.email !== "string" ||
      typeof body?.password !== "string"
    ) {
      return c.json({ error: "name, email and password must be strings" }, 400);
    }
    const user = { id: String(next++), name: body.name, email: body.email, password: body.password };
    users.set(user.id, user);
    return c.json(publicUser(user), 201);
  });

  app.get("/users", (c) => c.json({ items: [...users.values()].map(publicUser) }));

  app.get("/users/:id", (c) => {
    const user = users.get(c.req.param("id"));
    return user ? c.json(publicUser(user)) : c.json({ error: "not found" }, 404);
  });

  app.post("/login", async (c) => {
    const body = await c.req.json().catch(() => null);
    if (typeof body?.email !== "string" || typeof body?.password !== "string") {
      return c.json({ error: "email and password must be strings" }, 400);
    }
    const user = [...users.values()].find((u) => u.email === body.email && u.password === body.password);
    return user ? c.json({ token: `token-${user.id}` }) : c.json({ error: "invalid credentials" }, 401);
  });

  app.get("/search", (c) => c.html(`<h1>Results for ${escapeHtml(c.req.query("q") ?? "")}</h1>`));

  return app;
}

function publicUser({ password: _password, ...user }: User & { password: string }): User {
  return user;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
