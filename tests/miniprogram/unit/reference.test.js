// services/: one function per endpoint with the right method, path and query; the 工种 tree kept with its
// ETag and revalidated with If-None-Match (a 304 costs no body on a slow line).
'use strict';
const { json, pathOf, queryOf } = require('../helpers/wx-double');
const { fresh, session } = require('../helpers/mp');

const tree = [{ id: 1, name: '建筑装修', children: [{ id: 11, name: '泥瓦工', children: [] }] }];

test('jobTypes stores the tree with its ETag, then sends If-None-Match and uses the stored tree on 304', async () => {
  const { wx, mp } = fresh((req) =>
    req.header['If-None-Match'] === '"v1"' ? { statusCode: 304, data: '', header: { ETag: '"v1"' } } : json(200, { items: tree }, { ETag: '"v1"' }),
  );
  const reference = mp('services/reference');
  await expect(reference.jobTypes()).resolves.toEqual(tree);
  expect(wx._requests[0].header['If-None-Match']).toBeUndefined();
  await expect(reference.jobTypes()).resolves.toEqual(tree);
  expect(wx._requests[1].header['If-None-Match']).toBe('"v1"');
  expect(wx._requests).toHaveLength(2);
});

test('regions asks for roots without parent and for children with ?parent=', async () => {
  const { wx, mp } = fresh(() => json(200, { items: [{ code: '450000', name: '广西壮族自治区', level: 1, has_children: true }] }));
  const reference = mp('services/reference');
  await reference.regions();
  await reference.regions('450000');
  expect(queryOf(wx._requests[0].url)).toEqual({});
  expect(queryOf(wx._requests[1].url)).toEqual({ parent: '450000' });
  expect(pathOf(wx._requests[1].url)).toBe('/regions');
});

test('each gig and profile service calls its own method and path', async () => {
  const { wx, mp } = fresh((req) => json(200, { gig: { id: 5 }, worker: {}, employer: {}, items: [], page: 1, page_size: 20, total: 0 }));
  wx.setStorageSync('lg.session', session());
  const gigs = mp('services/gigs');
  const profile = mp('services/profile');
  const stations = mp('services/stations');
  await gigs.search({ q: '搬运', sort: 'new' });
  await gigs.getGig(5);
  await gigs.createGig({ title: 't' });
  await gigs.updateGig(5, { title: 't' });
  await gigs.submitGig(5);
  await gigs.closeGig(5);
  await gigs.myGigs({ status: 'draft', page: 2 });
  await profile.getWorker();
  await profile.saveWorker({ intro: '' });
  await profile.getEmployer();
  await profile.saveEmployer({ kind: 'org' });
  await stations.stations({ lat: 24.47, lng: 109.75 });
  expect(wx._requests.map((r) => `${r.method} ${pathOf(r.url)}`)).toEqual([
    'GET /gigs',
    'GET /gigs/5',
    'POST /gigs',
    'PUT /gigs/5',
    'POST /gigs/5/submit',
    'POST /gigs/5/close',
    'GET /me/gigs',
    'GET /me/worker',
    'PUT /me/worker',
    'GET /me/employer',
    'PUT /me/employer',
    'GET /stations',
  ]);
  expect(queryOf(wx._requests[0].url)).toEqual({ q: '搬运', sort: 'new' });
  expect(queryOf(wx._requests[6].url)).toEqual({ status: 'draft', page: '2' });
  expect(wx._requests[4].data).toBeUndefined();
});
