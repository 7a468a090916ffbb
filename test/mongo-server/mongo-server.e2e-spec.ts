// Proves, with mongoose 9, the MongoDB behaviour nestjs-tokenward relies on, against whatever
// server the globalSetup provided (the bundled mongo-java-server, or MONGODB_URI). If the test
// server ever stops behaving like MongoDB 6+ on one of these points, this spec says which.

import mongoose, { Schema, type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueMongoUri } from '../setup/mongo-uri.js';

const userSchema = new Schema({
  username: { type: String, required: true, unique: true },
  passwordHash: { type: String, select: false },
  counter: { type: Number, default: 0 },
  version: { type: Number, default: 0 },
  winners: { type: Number, default: 0 },
});

const sessionSchema = new Schema({
  expiresAt: { type: Date, required: true },
});
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

function errorCode(reason: unknown): unknown {
  return (reason as { code?: unknown } | null)?.code;
}

const modelOf = (connection: Connection) =>
  connection.model('User', userSchema);

describe('MongoDB test server (mongoose 9)', () => {
  let conn: Connection;
  let User: ReturnType<typeof modelOf>;

  beforeAll(async () => {
    conn = await mongoose
      .createConnection(
        uniqueMongoUri(inject('mongoUri'), 'mongo-server-spec'),
        {
          serverSelectionTimeoutMS: 10_000,
        },
      )
      .asPromise();
    User = modelOf(conn);
    await User.init(); // creates the collection and its indexes
  });

  afterAll(async () => {
    await conn?.dropDatabase();
    await conn?.close();
  });

  it('connects and answers ping', async () => {
    expect(conn.readyState).toBe(mongoose.ConnectionStates.connected);
    const reply = await conn.db!.command({ ping: 1 });
    expect(reply['ok']).toBe(1);
  });

  it('builds a unique index and reports duplicates with code 11000', async () => {
    const indexes = await User.collection.indexes();
    expect(indexes).toContainEqual(
      expect.objectContaining({ key: { username: 1 }, unique: true }),
    );

    await User.create({ username: 'dup' });
    await expect(User.create({ username: 'dup' })).rejects.toMatchObject({
      code: 11000,
    });
  });

  it('reports a duplicate created by an update with code 11000 too', async () => {
    await User.create({ username: 'taken' });
    const other = await User.create({ username: 'free' });
    await expect(
      User.updateOne({ _id: other._id }, { $set: { username: 'taken' } }),
    ).rejects.toMatchObject({ code: 11000 });
    await expect(
      User.findOneAndUpdate(
        { _id: other._id },
        { $set: { username: 'taken' } },
        { returnDocument: 'after' },
      ),
    ).rejects.toMatchObject({ code: 11000 });
  });

  it('lets exactly one of 10 parallel creates of one username succeed', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => User.create({ username: 'race' })),
    );
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected.map((r) => errorCode(r.reason))).toEqual(
      Array(9).fill(11000),
    );
    expect(await User.countDocuments({ username: 'race' })).toBe(1);
  });

  it('applies 50 parallel $inc atomically', async () => {
    const user = await User.create({ username: 'counter' });
    await Promise.all(
      Array.from({ length: 50 }, () =>
        User.updateOne({ _id: user._id }, { $inc: { counter: 1 } }),
      ),
    );
    const after = await User.findById(user._id).lean();
    expect(after?.counter).toBe(50);
  });

  it('lets exactly one of 10 parallel conditional findOneAndUpdate win', async () => {
    const user = await User.create({ username: 'cas', version: 0 });
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        User.findOneAndUpdate(
          { _id: user._id, version: 0 },
          { $set: { version: 1 }, $inc: { winners: 1 } },
          { returnDocument: 'after' },
        ).lean(),
      ),
    );
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ version: 1, winners: 1 });
    const after = await User.findById(user._id).lean();
    expect(after).toMatchObject({ version: 1, winners: 1 });
  });

  it('hides select: false fields unless selected with +field', async () => {
    const { _id } = await User.create({
      username: 'secret',
      passwordHash: 'h1',
    });

    expect((await User.findById(_id).lean())?.passwordHash).toBeUndefined();
    expect(
      (await User.findById(_id).select('+passwordHash').lean())?.passwordHash,
    ).toBe('h1');

    // findOneAndUpdate sends the projection through findAndModify's `fields` option.
    const hidden = await User.findOneAndUpdate(
      { _id },
      { $set: { passwordHash: 'h2' } },
      { returnDocument: 'after' },
    ).lean();
    expect(hidden).not.toBeNull();
    expect(hidden?.passwordHash).toBeUndefined();
    const shown = await User.findOneAndUpdate(
      { _id },
      { $set: { passwordHash: 'h3' } },
      { returnDocument: 'after' },
    )
      .select('+passwordHash')
      .lean();
    expect(shown?.passwordHash).toBe('h3');
  });

  it('with sanitizeFilter, an operator object in a string field is a CastError, not a match', async () => {
    await User.create({ username: 'victim' });
    const injected = { username: { $gt: '' } };

    // Control: without sanitizing, the operator really does match (so the check below can fail).
    expect(await User.findOne(injected).lean()).not.toBeNull();

    await expect(
      User.findOne(injected).setOptions({ sanitizeFilter: true }).lean(),
    ).rejects.toMatchObject({ name: 'CastError' });
  });

  it('accepts a TTL index (expireAfterSeconds)', async () => {
    const Session = conn.model('Session', sessionSchema);
    await Session.init();
    const indexes = await Session.collection.indexes();
    expect(indexes).toContainEqual(
      expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }),
    );
    // Expiry itself is not enforced by the in-memory server: test expiry through the clock.
  });
});
