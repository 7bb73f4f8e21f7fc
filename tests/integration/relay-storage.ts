/**
 * Reading what a relay keeps on disk, for tests that must check storage rather than a screen: every
 * document in DATA_DIR/automerge (the automerge-repo nodefs layout,
 * `<first 2 chars of the id>/<rest>/{snapshot,incremental}/…`), loaded with Automerge.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { type Doc, init, loadIncremental, toJS } from "@automerge/automerge";

async function directories(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else out.push(full);
  }
  return out;
}

/** Every document the relay stored, by document id (sync states and other keys are skipped). */
export async function storedDocuments(dataDir: string): Promise<Map<string, Doc<unknown>>> {
  const base = path.join(dataDir, "automerge");
  const docs = new Map<string, Doc<unknown>>();
  for (const prefix of await directories(base)) {
    for (const rest of await directories(path.join(base, prefix))) {
      const chunks = [
        ...(await filesUnder(path.join(base, prefix, rest, "snapshot"))),
        ...(await filesUnder(path.join(base, prefix, rest, "incremental"))),
      ];
      if (chunks.length === 0) continue;
      let doc = init<unknown>();
      for (const chunk of chunks) doc = loadIncremental(doc, new Uint8Array(await readFile(chunk)));
      docs.set(prefix + rest, doc);
    }
  }
  return docs;
}

/** Ids of the stored documents whose contents include `text` anywhere. */
export async function storedText(dataDir: string, text: string): Promise<string[]> {
  const out: string[] = [];
  for (const [id, doc] of await storedDocuments(dataDir)) {
    if (JSON.stringify(toJS(doc)).includes(text)) out.push(id);
  }
  return out;
}
