/**
 * Answers `status` with Strapi's error envelope (`{ data: null, error: { status, name, message } }`),
 * for the refusals a route makes itself before any service runs: the site reads every 4xx this way.
 */
export function replyError(
  ctx: { status: number; body: unknown },
  status: number,
  name: string,
  message: string,
): void {
  ctx.status = status;
  ctx.body = { data: null, error: { status, name, message } };
}
