import { Decimal128, ObjectId } from "mongodb";
import { expect, test, TestSuite } from "../../src/test/index.ts";

/** `this.database()` starts a fresh embedded MongoDB-compatible server for this suite. */
export class OrdersDatabaseTests extends TestSuite {
  override async setupSuite() {
    const { db } = await this.database();
    await db.collection("orders").insertMany([
      {
        _id: new ObjectId("65a1b2c3d4e5f60718293a4b"),
        total: Decimal128.fromString("19.99"),
        status: "paid",
      },
      { _id: new ObjectId("65a1b2c3d4e5f60718293a4c"), total: Decimal128.fromString("5.00"), status: "open" },
    ]);
  }

  @test({ tags: ["db"], timeout: 10_000 })
  async findsPaidOrders() {
    const { db } = await this.database();
    const paid = await db.collection("orders").find({ status: "paid" }).toArray();
    // BSON values compare by value: a new ObjectId/Decimal128 with the same value is equal.
    expect(paid).toEqual([
      {
        _id: new ObjectId("65a1b2c3d4e5f60718293a4b"),
        total: Decimal128.fromString("19.99"),
        status: "paid",
      },
    ]);
  }

  @test({ tags: ["db"], timeout: 10_000 })
  async countsOrders() {
    const { db } = await this.database();
    expect(await db.collection("orders").countDocuments()).toBe(2);
  }
}
