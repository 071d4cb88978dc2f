// Builds miniprogram/miniprogram_npm once per jest run, the way WeChat DevTools' 构建 npm does.
'use strict';
const { buildNpm } = require('../build-npm');

module.exports = async () => {
  buildNpm();
};
