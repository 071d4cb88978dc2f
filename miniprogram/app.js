// App lifecycle only: start watching the network and sign in silently in the background, so the first
// screen's requests find a session. Everything else lives in utils/, services/, logic/ and the pages.
'use strict';
const network = require('./utils/network');
const auth = require('./utils/auth');

App({
  onLaunch() {
    network.start();
    // Failure is not fatal here: request.js signs in again on the first request that needs it.
    auth.ensureUser().catch(() => {});
  },
});
