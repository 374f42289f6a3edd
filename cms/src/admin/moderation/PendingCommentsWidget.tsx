import * as React from 'react';
import { Flex, Link, Typography } from '@strapi/design-system';
import { Widget, useFetchClient } from '@strapi/admin/strapi-admin';
import { MODERATION_API, type PendingCount } from '@kiosque/shared';
import { PENDING_COMMENTS_PATH } from './paths';

type State = { kind: 'loading' } | { kind: 'error' } | { kind: 'ready'; pending: number };

/** The admin home's count of comments waiting for an editor, linked to the list of them. */
export function PendingCommentsWidget() {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<State>({ kind: 'loading' });

  React.useEffect(() => {
    let current = true;
    get<{ data: PendingCount }>(MODERATION_API.pendingCount)
      .then(({ data }) => current && setState({ kind: 'ready', pending: data.data.pending }))
      .catch(() => current && setState({ kind: 'error' }));
    return () => {
      current = false;
    };
  }, [get]);

  if (state.kind === 'loading') return <Widget.Loading />;
  if (state.kind === 'error')
    return <Widget.Error>Le nombre de commentaires en attente n’a pas pu être lu.</Widget.Error>;
  if (state.pending === 0)
    return <Widget.NoData>Aucun commentaire en attente : tout est modéré.</Widget.NoData>;
  return (
    <Flex direction="column" alignItems="flex-start" gap={2} data-testid="pending-comments">
      <Typography variant="alpha" tag="p">
        {state.pending}
      </Typography>
      <Typography variant="omega" tag="p">
        {state.pending === 1 ? 'commentaire attend' : 'commentaires attendent'} votre décision.
      </Typography>
      <Link href={`/admin${PENDING_COMMENTS_PATH}`}>Les modérer</Link>
    </Flex>
  );
}
