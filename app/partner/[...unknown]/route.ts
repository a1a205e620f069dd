import { notFoundProblem } from "@/server/transport/http/fallbacks";

export const GET = notFoundProblem;
export const POST = notFoundProblem;
export const PUT = notFoundProblem;
export const PATCH = notFoundProblem;
export const DELETE = notFoundProblem;
