// "Create an order asynchronously" and "Retrieve the status and response of a job" in the Zuora
// fake, as Zuora's v1 API reference documents them (developer.zuora.com, operations
// POST_CreateOrderAsynchronously and GET_JobStatusAndResponse):
//   POST /v1/async/orders        the body of "Create an order" -> 202 {success: true, jobId}
//   GET  /v1/async-jobs/:jobId   -> {success, status: "Processing" | "Failed" | "Completed", errors,
//                                result}; `result` of a completed job is the answer of "Create an
//                                order" (at the request's Zuora-Version), with jobType
//                                "AsyncCreateOrder"; `errors` says why a failed job failed.
// A job stays Processing for a number of polls the test sets (`processingPolls`), then runs the
// order with the fake's own "Create an order" (fake-orders.ts): what Zuora's validation refuses
// ends the job Failed with the reason, and nothing is created; otherwise the order is created
// then, not before (a subscription does not exist while its job is processing).
import { randomUUID } from "node:crypto";
import type { FakeAnswer } from "../fake-http-server";
import { handleOrder } from "./fake-orders";
import { BusinessError, type Json, type ZuoraFakeState } from "./fake-state";

const NOT_FOUND = 50000040;

export type FakeAsyncJob = {
  id: string;
  body: Json;
  /** The Zuora-Version of the request that started the job: the result's shape follows it. */
  version: string | undefined;
  /** Polls still to answer Processing. */
  pollsLeft: number;
  /** Times the job was looked at. */
  polls: number;
  /** The job's final answer, once it ran. */
  outcome: Json | null;
};

export class FakeAsyncOrders {
  readonly jobs = new Map<string, FakeAsyncJob>();

  constructor(
    private readonly state: ZuoraFakeState,
    /** How many polls a new job answers Processing before it runs. */
    public processingPolls: number,
  ) {}

  start(body: Json, version: string | undefined): FakeAnswer {
    const id = randomUUID();
    this.jobs.set(id, { id, body, version, pollsLeft: this.processingPolls, polls: 0, outcome: null });
    return { status: 202, json: { success: true, jobId: id } };
  }

  status(jobId: string): FakeAnswer {
    const job = this.jobs.get(jobId);
    if (!job) throw new BusinessError(NOT_FOUND, `Cannot find the asynchronous job ${jobId}`);
    job.polls += 1;
    if (job.pollsLeft > 0) {
      job.pollsLeft -= 1;
      return { status: 200, json: { success: true, status: "Processing", errors: null, result: null } };
    }
    job.outcome ??= this.run(job);
    return { status: 200, json: job.outcome };
  }

  private run(job: FakeAsyncJob): Json {
    try {
      const created = handleOrder(this.state, job.body, false, job.version) as { json: Json };
      const result = { jobType: "AsyncCreateOrder", ...created.json };
      return { success: true, status: "Completed", errors: null, result };
    } catch (error) {
      if (!(error instanceof BusinessError)) throw error;
      return { success: true, status: "Failed", errors: error.message, result: null };
    }
  }
}
