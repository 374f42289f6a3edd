// The pages the links in Kiosque's mails open. Public on purpose: the signed token in the path is
// the guard. GET shows what the button will do and changes nothing; POST acts.
const KINDS = {
  moderation: "a moderator's one-click approve or spam link for a held comment",
  confirmation: "a reader's confirmation of the address that asked for reply notifications",
  unsubscribe: "a reader's unsubscription (RFC 8058 one-click POST)",
  privacy: "a reader's privacy request (export or erasure of their comments)",
} as const;

export default {
  routes: [
    {
      method: 'POST',
      path: '/mail/privacy-requests',
      handler: 'api::mail.mail.privacyRequest',
      config: {
        description:
          'A reader asks for the export or the erasure of their comments: a signed link is mailed to the address, if it wrote any.',
      },
    },
    ...Object.entries(KINDS).flatMap(([kind, what]) => [
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
  ],
};
