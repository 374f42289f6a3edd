import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Stage {
  name: string;
  instructions: string[];
}

/** A Dockerfile's stages, each with its instructions (continuation lines joined, comments left out). */
function stagesOf(file: string): Stage[] {
  const text = readFileSync(new URL(file, import.meta.url), 'utf8').replace(/\\\n/g, ' ');
  const stages: Stage[] = [];
  for (const line of text.split('\n').map((each) => each.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ name: from[1] ?? `stage ${stages.length}`, instructions: [] });
    else stages.at(-1)?.instructions.push(line);
  }
  return stages;
}

// The stages that run in production: the CMS's last one, the page server's and nginx's.
const RUNTIME: [string, string][] = [
  ['cms.Dockerfile', 'stage 1'],
  ['web.Dockerfile', 'site'],
  ['web.Dockerfile', 'web'],
];

describe('the images', () => {
  it.each(RUNTIME)('%s (%s) runs as an unprivileged user, on files that user does not own', (file, name) => {
    const stage = stagesOf(file).find((each) => each.name === name);
    expect(stage, name).toBeDefined();
    const users = stage!.instructions.filter((line) => /^USER\s/i.test(line));
    expect(users.at(-1)).toMatch(/^USER\s+(node|101)$/);
    expect(stage!.instructions.filter((line) => /^COPY\s.*--chown/i.test(line))).toEqual([]);
  });

  it('gives the CMS’s user only the folders Strapi writes: the uploads and .tmp', () => {
    const stage = stagesOf('cms.Dockerfile').at(-1)!;
    const chowned = stage.instructions
      .flatMap((line) => [...line.matchAll(/chown\s+(?:-R\s+)?node:node\s+([^&]+)/g)])
      .flatMap((match) => match[1].trim().split(/\s+/));
    expect(chowned.sort()).toEqual(['/app/cms/.tmp', '/app/cms/public/uploads']);
  });
});

describe('the Node release', () => {
  const read = (file: string): string => readFileSync(new URL(file, import.meta.url), 'utf8');
  const ciVersion = /^NODE_VERSION=(\d+\.\d+\.\d+)$/m.exec(read('../.ci/run'))?.[1];

  it('is the one CI runs the suite on, in every Node image', () => {
    expect(ciVersion).toBeDefined();
    const tags = ['cms.Dockerfile', 'web.Dockerfile'].flatMap((file) =>
      [...read(file).matchAll(/^FROM\s+node:(\S+)/gim)].map((match) => `${file}: ${match[1]}`),
    );
    expect(tags.length).toBe(4);
    for (const tag of tags) expect(tag).toMatch(new RegExp(`: ${ciVersion!.replaceAll('.', '\\.')}-`));
  });

  it('is allowed by the engines of package.json', () => {
    const { engines } = JSON.parse(read('../package.json')) as { engines: { node: string } };
    const major = ciVersion!.split('.')[0];
    expect(engines.node.split('||').map((range) => range.trim())).toContain(
      `>=${major} <${Number(major) + 1}`,
    );
  });
});
