import type { ObjectId } from "bson";
import { Bson, type DataOf, Document, type InputOf, subtype, Type } from "../src/index.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(): T | undefined => undefined;

class Event extends Document(
  "events",
  { at: Bson.Date(), user: Type.String() },
  { discriminatorKey: "kind" },
) {
  get label(): string {
    return this.user;
  }
}
@subtype
class Click extends Event.extend("click", { x: Type.Number(), y: Type.Number() }) {
  get position(): string {
    return `${this.x},${this.y}`;
  }
}
@subtype
class DoubleClick extends Click.extend("double-click", { interval: Type.Integer() }) {}

class Plain extends Document("plain", { name: Type.String() }) {}
@subtype
class Special extends Plain.extend("special", { level: Type.Integer() }) {}

export async function subtypes(click: Click, event: Event, double: DoubleClick, special: Special) {
  // a declared key is a field of the base; subtypes fix it to their value
  assert<Equal<typeof event.kind, string | undefined>>();
  assert<Equal<typeof click.kind, "click">>();
  assert<Equal<typeof double.kind, "double-click">>();
  assert<Equal<DataOf<typeof Event>, { _id: ObjectId; at: Date; user: string; kind?: string }>>();
  assert<
    Equal<
      DataOf<typeof Click>,
      { _id: ObjectId; at: Date; user: string; kind: "click"; x: number; y: number }
    >
  >();
  // base fields, base getters and own getters on subtype instances
  assert<Equal<typeof click.user, string>>();
  assert<Equal<typeof click.label, string>>();
  assert<Equal<typeof double.position, string>>();
  assert<Equal<typeof double.interval, number>>();
  // the default key is _type
  assert<Equal<typeof special._type, "special">>();
  assert<Equal<DataOf<typeof Plain>, { _id: ObjectId; name: string }>>();
  // inserts leave the key out; a wrong value or a missing own field is an error
  const inserted = await Click.insert({ at: new Date(), user: "ada", x: 1, y: 2 });
  assert<Equal<typeof inserted, Click>>();
  assert<Equal<InputOf<typeof Click>["kind"], "click" | undefined>>();
  // @ts-expect-error y is required
  await Click.insert({ at: new Date(), user: "ada", x: 1 });
  // @ts-expect-error the key is fixed to the subtype's value
  await Click.insert({ at: new Date(), user: "ada", x: 1, y: 2, kind: "view" });
  // queries are typed with the subtype's fields
  const clicks = await Click.find(Click.f.x.gt(1)).sort(Click.f.y.desc());
  assert<Equal<typeof clicks, Click[]>>();
  await Event.find(Event.f.kind.eq("click"));
  // @ts-expect-error subtype fields are not fields of the base
  Event.find({ x: 1 });
  const lean = await DoubleClick.find().lean();
  assert<Equal<(typeof lean)[number]["interval"], number>>();
  // a subtype instance is a base instance
  const asEvent: Event = click;
  void asEvent;
  // indexes on subtype fields are checked against the subtype
  Event.extend("hover", { ms: Type.Number() }, { indexes: [{ key: { ms: 1, user: 1 } }] });
  // @ts-expect-error unknown index field
  Event.extend("scroll", { dy: Type.Number() }, { indexes: [{ key: { dx: 1 } }] });
}
