// A whole card library as one file, out and in (to share cards between departments). Export: the
// version new runs use of every card that is not retired. Import: every card checked; a file with any
// error is refused with every error listed (card, step, field, problem) and nothing imported; a good
// file becomes one draft per card, which a second person approves like any other draft.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { libraryFile, readLibraryFile, type LibraryError } from '../../domain/sop/library-file';
import type { SopDefinition } from '../../domain/sop/sop.schema';
import type { BuiltIns } from '../built-ins';
import { canonicalJson } from '../canonical-json';
import { currentSopVersions } from '../current-sops';
import { noQuery, parseOr400 } from '../http-errors';
import { isBuiltInSopText } from '../sop-rules';
import { sopKey } from '../store/store';
import { audit, requireUser, type AuthContext } from '../user-auth';
import { cardVersions } from './sop-versions';

export type SopLibraryFileOptions = AuthContext & { readonly builtIns: BuiltIns };

const importBody = z.strictObject({ library: z.unknown() });

export function sopLibraryFileRoutes(app: FastifyInstance, opts: SopLibraryFileOptions) {
  const { store, builtIns } = opts;

  app.get('/api/sops/library', async (req) => {
    const s = await requireUser(opts, req, 'sops.edit');
    parseOr400(noQuery, req.query, 'query');
    const stored = new Map(
      (await store.sopsAfter(0)).map((r) => {
        const d = JSON.parse(r.body) as SopDefinition;
        return [sopKey(d.id, d.version), d];
      }),
    );
    const cards = Object.entries(await currentSopVersions(store, builtIns))
      .filter(([, v]) => v > 0)
      .map(([id, v]) => builtIns.get(sopKey(id, v)) ?? stored.get(sopKey(id, v)))
      .filter((d): d is SopDefinition => d !== undefined);
    await audit(opts, 'export', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: 'sop-library',
      detail: `card library exported (${cards.length} cards)`,
    });
    return libraryFile(cards, opts.now());
  });

  app.post('/api/sops/library/import', async (req, reply) => {
    const s = await requireUser(opts, req, 'sops.edit');
    const { library } = parseOr400(importBody, req.body, 'library import');
    const read = readLibraryFile(library, { builtInText: isBuiltInSopText });
    const errors: LibraryError[] = read.ok ? [] : [...read.errors];
    const cards = read.ok ? read.cards : [];
    const drafts = [];
    for (const c of cards) {
      const versions = await cardVersions(store, builtIns, c.id);
      drafts.push({
        sopId: c.id,
        body: canonicalJson(c),
        changeNote: `Imported from a library file (its version ${c.version})`,
        baseVersion: versions.at(-1) ?? null,
        rollbackOf: null,
      });
    }
    if (!errors.length) {
      const created = await store.createSopDrafts(drafts, s.user.id, opts.now());
      if (created !== 'created')
        for (const id of created.existing)
          errors.push({ card: id, field: '(card)', problem: 'already has a draft here: publish or discard it first' });
    }
    if (errors.length) {
      void reply.code(422);
      return { error: `the library file has ${errors.length} error(s): nothing was imported`, errors };
    }
    await audit(opts, 'sop.edit', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: 'sop-library',
      detail: `library imported as drafts: ${drafts.map((d) => d.sopId).join(', ')}`.slice(0, 500),
    });
    return { drafts: drafts.map((d) => d.sopId) };
  });
}
