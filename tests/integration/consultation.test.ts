import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo";
import { parseAutomergeUrl } from "@automerge/automerge-repo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addConsultationQuestion,
  type ConsultationDoc,
  consultationResults,
  consultationView,
  entryKey,
  imm,
  initConsultation,
  openConsultation,
  submitAnswer,
} from "../../shared/src/index.ts";
import { deviceApi, signIn, type TestDevice } from "./auth.ts";
import { acknowledged, createClient, type TestClient, waitFor } from "./clients.ts";
import { type RelayProcess, startRelayProcess } from "./relay-process.ts";

/*
 * Written consultations at the relay (issue 6): a consultation is a document of its own, read only by
 * its named members and the managers, and a named member writes only their own answers.
 */

let r: RelayProcess;
const clients: TestClient[] = [];
let secretary: TestDevice;
let named: TestDevice;
let other: TestDevice;
let outsider: TestDevice;
let consultationUrl: AutomergeUrl;
let choiceYes = "";
let questionId = "";

function client(device: TestDevice, name: string): TestClient {
  const c = createClient((restarted ?? r).syncUrl, name, { credential: device.credential });
  clients.push(c);
  return c;
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

beforeAll(async () => {
  r = await startRelayProcess();
  secretary = await signIn(r, "Hoàng Thị Thanh Hương", "secretary");
  named = await signIn(r, "Lê Thị Thu Hà", "member");
  other = await signIn(r, "Trần Văn Bảo", "member");
  outsider = await signIn(r, "Người Ngoài Cuộc", "member");
  const sec = client(secretary, "secretary");
  const handle = sec.repo.create<ConsultationDoc>();
  const now = Date.now();
  handle.change((d) => {
    initConsultation(
      d,
      {
        title: "Lấy ý kiến về dự thảo quy chế làm việc",
        description: "",
        deadline: new Date(now + 3_600_000).toISOString(),
        members: [
          { memberId: named.memberId, fullName: "Lê Thị Thu Hà" },
          { memberId: other.memberId, fullName: "Trần Văn Bảo" },
        ],
      },
      now,
    );
    questionId = addConsultationQuestion(
      d,
      {
        text: "Đồng ý với dự thảo?",
        kind: "single_choice",
        choices: [{ label: "Đồng ý" }, { label: "Không đồng ý" }],
      },
      now,
    );
    openConsultation(d, now);
  });
  choiceYes = consultationView(handle.doc()).questions[0]!.choices[0]!.id;
  consultationUrl = handle.url;
  await acknowledged(sec, handle);
});

/** The relay started again on the same data (the first process's cleanup removes the data dir). */
let restarted: RelayProcess | undefined;

afterAll(async () => {
  if (process.env.DUMP_RELAY_LOGS) console.log(r.logs.map((l) => JSON.stringify(l)).join("\n"));
  for (const c of clients) await c.close();
  await restarted?.cleanup();
  await r?.cleanup();
});

describe("written consultation documents at the relay", () => {
  it("a member not named cannot read it nor learn of it; a named member reads it and finds it listed", async () => {
    const stranger = client(outsider, "outsider");
    await expect(stranger.repo.find(consultationUrl)).rejects.toThrow(/unavailable/);
    const listedForStranger = await deviceApi<{ consultations: string[] }>(
      r,
      outsider,
      "GET",
      "/api/consultations",
    );
    expect(listedForStranger.status).toBe(200);
    expect(listedForStranger.body.consultations).toEqual([]);

    const listed = await deviceApi<{ consultations: string[] }>(r, named, "GET", "/api/consultations");
    expect(listed.body.consultations).toEqual([consultationUrl]);
    const member = client(named, "named");
    const seen = await member.repo.find<ConsultationDoc>(consultationUrl);
    expect(consultationView(seen.doc()).title).toBe("Lấy ý kiến về dự thảo quy chế làm việc");
    expect(r.logs.some((l) => l.level === "error")).toBe(false);
  });

  it("a named member's own answer is accepted; writing another member's answer is refused", async () => {
    const mine = client(named, "named-writer");
    const doc = await mine.repo.find<ConsultationDoc>(consultationUrl);
    // Forged: an answer under the other member's key.
    doc.change((d) => {
      d.answers[entryKey(other.memberId, "forged")] = {
        id: imm("forged"),
        memberId: imm(other.memberId),
        answeredAt: imm(new Date().toISOString()),
        answers: { [questionId]: { choiceIds: [imm(choiceYes)], text: "" } },
      };
    });
    await sleep(800);
    const refusals = r.logs.filter((l) => l.msg === "changes refused" && l.reason === "not_own_entries");
    expect(refusals.length).toBeGreaterThan(0);

    const secClient = client(secretary, "secretary-check");
    const relayCopy = await secClient.repo.find<ConsultationDoc>(consultationUrl);
    await sleep(500);
    expect(Object.keys(relayCopy.doc().answers)).not.toContain(entryKey(other.memberId, "forged"));

    // A fresh device of the named member answers properly: it reaches the secretary and counts.
    const fresh = client(named, "named-fresh");
    const own = await fresh.repo.find<ConsultationDoc>(consultationUrl);
    own.change((d) => {
      submitAnswer(d, named.memberId, { [questionId]: { choiceIds: [choiceYes] } }, Date.now());
    });
    await acknowledged(fresh, own as DocHandle<unknown>);
    await waitFor(
      () => consultationResults(relayCopy.doc(), Date.now()).respondents.length === 1,
      10_000,
      "the secretary sees the named member's answer",
    );
    const results = consultationResults(relayCopy.doc(), Date.now());
    expect(results.respondents.map((m) => m.memberId)).toEqual([named.memberId]);
    expect(results.questions[0]!.choices[0]!.count).toBe(1);
    expect(results.nonRespondents.map((m) => m.memberId)).toEqual([other.memberId]);
  });

  it("the registry knows it as a consultation", async () => {
    const id = parseAutomergeUrl(consultationUrl).documentId;
    expect(r.logs.some((l) => l.msg === "new consultation document registered" && l.documentId === id)).toBe(
      true,
    );
  });

  it("after a restart the relay still knows it: strangers refused, a named member's answer accepted", async () => {
    for (const c of clients.splice(0)) await c.close();
    await r.stop();
    restarted = await startRelayProcess({ dataDir: r.dataDir, port: r.port });
    const stranger = client(outsider, "outsider-after-restart");
    await expect(stranger.repo.find(consultationUrl)).rejects.toThrow(/unavailable/);
    const otherClient = client(other, "other-after-restart");
    const doc = await otherClient.repo.find<ConsultationDoc>(consultationUrl);
    doc.change((d) => {
      submitAnswer(d, other.memberId, { [questionId]: { choiceIds: [choiceYes] } }, Date.now());
    });
    await acknowledged(otherClient, doc as DocHandle<unknown>);
    const check = client(secretary, "secretary-after-restart");
    const seen = await check.repo.find<ConsultationDoc>(consultationUrl);
    await waitFor(
      () => consultationResults(seen.doc(), Date.now()).respondents.length === 2,
      10_000,
      "both answers counted after the restart",
    );
    expect(restarted.logs.some((l) => l.msg === "changes refused")).toBe(false);
  });
});
