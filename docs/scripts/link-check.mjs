// Link check of the built site with linkinator: it serves the folder on a local port, follows
// every link between pages (and the anchors they point to), and reports the dead ones.
// Links to other sites are not followed: CI has no internet, and they are not ours to keep.
import { LinkChecker } from 'linkinator';

export async function checkLinks(dist) {
  const checker = new LinkChecker();
  const result = await checker.check({
    path: dist,
    recurse: true,
    checkFragments: true,
    concurrency: 8,
    // A busy machine sometimes drops a connection to the local server (status 0): ask again
    // before calling a link dead.
    retryErrors: true,
    retryErrorsCount: 3,
    // Everything not on the local server linkinator starts is another site.
    linksToSkip: (url) =>
      Promise.resolve(!/^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(url)),
  });
  const internal = result.links.filter((l) => l.state !== 'SKIPPED');
  return {
    checked: internal.length,
    broken: internal
      .filter((l) => l.state === 'BROKEN')
      .map((l) => ({ url: l.url, status: l.status, parent: l.parent })),
  };
}
