// Runs before each test file: a fresh wx double and the other globals the mini-program runtime provides
// (getApp, getCurrentPages). Files that need a different wx replace global.wx themselves.
'use strict';
const { createWx } = require('../helpers/wx-double');

global.wx = createWx();
global.getApp = () => ({ globalData: {} });
global.getCurrentPages = () => [];
