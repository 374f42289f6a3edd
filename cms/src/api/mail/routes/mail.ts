// The pages the links in Kiosque's mails open. Public on purpose: the signed token in the path is
// the guard. GET shows what the button will do and changes nothing; POST acts.
const KINDS = {
  moderation: "a moderator's one-click approve or spam link for a held comment",
  confirmation: "a reader's confirmation of the address that asked for reply notifications",
  unsubscribe: "a reader's unsubscription (RFC 8058 one-click POST)",
} as const;

export default {
  routes: Object.entries(KINDS).flatMap(([kind, what]) => [
    {
      method: 'GET',
      path: `/mail/${kind}/:token`,
      handler: 'api::mail.mail.show',
      config: { description: `The confirmation page of ${what}; changes nothing.` },
    },
    {
      method: 'POST',
      path: `/mail/${kind}/:token`,
      handler: 'api::mail.mail.act',
      config: { description: `Carries out ${what}.` },
    },
  ]),
};
