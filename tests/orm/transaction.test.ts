import { describe, expect, test } from "bun:test";
import { Document, transaction, Type } from "../../src/index.ts";
import { useDatabase } from "./db.ts";

const { connection } = useDatabase("orm_transactions");

class Account extends Document("accounts", { owner: Type.String(), balance: Type.Number({ minimum: 0 }) }) {}

async function transfer(from: string, to: string, amount: number) {
  return transaction(async (session) => {
    await Account.updateOne(Account.f.owner.eq(from), { $inc: { balance: -amount } }, { session });
    const payer = await Account.findOne(Account.f.owner.eq(from), { session });
    if (!payer || payer.balance < 0) throw new Error("insufficient funds");
    await Account.updateOne(Account.f.owner.eq(to), { $inc: { balance: amount } }, { session });
    return payer.balance;
  });
}

const balances = async () =>
  Object.fromEntries((await Account.find().lean()).map((a) => [a.owner, a.balance] as const));

describe("transactions", () => {
  test("commits every operation together and returns the work's result", async () => {
    await Account.insertMany([
      { owner: "a", balance: 100 },
      { owner: "b", balance: 0 },
    ]);
    expect(await transfer("a", "b", 30)).toBe(70);
    expect(await balances()).toEqual({ a: 70, b: 30 });
  });

  test("a throwing transaction leaves nothing behind", async () => {
    await Account.insertMany([
      { owner: "a", balance: 10 },
      { owner: "b", balance: 0 },
    ]);
    await expect(transfer("a", "b", 30)).rejects.toThrow("insufficient funds");
    expect(await balances()).toEqual({ a: 10, b: 0 });
  });

  test("document saves, inserts and queries take the session", async () => {
    await transaction(async (session) => {
      const account = await Account.insert({ owner: "c", balance: 1 }, { session });
      account.balance = 2;
      await account.save({ session });
      expect(await Account.find(Account.f.owner.eq("c"), { session }).count()).toBe(1);
      expect(await Account.count(Account.f.owner.eq("c"))).toBe(0);
    });
    expect(await balances()).toEqual({ c: 2 });
  });

  test("transient errors are retried by the driver", async () => {
    await Account.insert({ owner: "d", balance: 5 });
    await connection()
      .client.db("admin")
      .command({
        configureFailPoint: "failCommand",
        mode: { times: 1 },
        data: { failCommands: ["update"], errorCode: 112, errorLabels: ["TransientTransactionError"] },
      });
    let attempts = 0;
    await transaction(async (session) => {
      attempts++;
      await Account.updateOne(Account.f.owner.eq("d"), { $inc: { balance: 1 } }, { session });
    });
    expect(attempts).toBe(2);
    expect(await balances()).toEqual({ d: 6 });
  });
});
