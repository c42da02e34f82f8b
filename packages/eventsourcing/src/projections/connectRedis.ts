import { Redis } from 'ioredis';

/**
 * The Redis client of a service's read models. Commands issued in the same tick go out in one write
 * (auto-pipelining: under load the projections' scripts and the queries share round trips); a command
 * fails after three reconnect attempts instead of waiting forever. Fails fast when Redis is not there at
 * start, like `connectNats`; once connected, it reconnects forever.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: true, enableAutoPipelining: true });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect(); // otherwise it keeps reconnecting in the background
    throw error;
  }
  return redis;
}
