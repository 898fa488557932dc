/** Statements on tags. */
import type { Db } from './pipelines.js';

/** A tag as stored. */
export interface TagRow {
  readonly key: string;
  readonly value: string;
}

/** The tags of a resource, in the order they were first added. */
export async function listTagRows(db: Db, resourceArn: string): Promise<TagRow[]> {
  const rows = await db
    .selectFrom('tags')
    .select(['tag_key', 'tag_value'])
    .where('resource_key', '=', resourceArn.toLowerCase())
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ key: r.tag_key, value: r.tag_value }));
}

/** Adds tags, overwriting the values of keys already present (they keep their position). */
export async function upsertTags(db: Db, resourceArn: string, tags: readonly TagRow[]): Promise<void> {
  const resourceKey = resourceArn.toLowerCase();
  const existing = await listTagRows(db, resourceArn);
  let position = existing.length;
  const known = new Set(existing.map((t) => t.key));
  for (const tag of tags) {
    if (known.has(tag.key)) {
      await db
        .updateTable('tags')
        .set({ tag_value: tag.value })
        .where('resource_key', '=', resourceKey)
        .where('tag_key', '=', tag.key)
        .execute();
    } else {
      known.add(tag.key);
      await db
        .insertInto('tags')
        .values({ resource_key: resourceKey, tag_key: tag.key, tag_value: tag.value, position: position++ })
        .execute();
    }
  }
}

/** Removes tags by key; absent keys are ignored. */
export async function deleteTagRows(db: Db, resourceArn: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db
    .deleteFrom('tags')
    .where('resource_key', '=', resourceArn.toLowerCase())
    .where('tag_key', 'in', [...keys])
    .execute();
}
