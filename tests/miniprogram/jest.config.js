// jest for the mini-program. Files under miniprogram/ run as the mini-program runtime would load them:
// tdesign's ES-module sources are transformed to CommonJS, bare names resolve through miniprogram_npm
// (resolver.js), and a wx global double is installed before each test file (setup/wx.js).
'use strict';
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.test.js'],
  testPathIgnorePatterns: ['/node_modules/'],
  testEnvironment: 'jsdom',
  transform: {
    '\\.js$': ['babel-jest', { babelrc: false, configFile: false, plugins: ['@babel/plugin-transform-modules-commonjs'] }],
  },
  transformIgnorePatterns: ['/node_modules/'],
  resolver: '<rootDir>/resolver.js',
  globalSetup: '<rootDir>/setup/global.js',
  setupFiles: ['<rootDir>/setup/wx.js'],
  testTimeout: 30000,
  verbose: true,
};
