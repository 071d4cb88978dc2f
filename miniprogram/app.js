// App lifecycle only: wire request.js to the session, start watching the network and sign in silently in
// the background, so the first screen's requests find a session. Everything else lives in utils/, services/,
// logic/ and the pages.
'use strict';
const network = require('./utils/network');
const request = require('./utils/request');
const auth = require('./utils/auth');

// Before any page loads: request.js sends the session's tokens but cannot require utils/auth.js, which signs
// in through request.js (services/auth.js); so the session is handed to it here.
request.setTokenSource(auth.tokenSource);

App({
  onLaunch() {
    network.start();
    // Failure is not fatal here: request.js signs in again on the first request that needs it.
    auth.ensureUser().catch(() => {});
  },
});
