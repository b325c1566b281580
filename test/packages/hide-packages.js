// Preload for child processes: makes the packages named in ACB_HIDE_PACKAGES (comma-separated) impossible to
// resolve, as in an application that did not install them. Used to prove optional peers load only when selected.
const Module = require('node:module');

const hidden = new Set((process.env.ACB_HIDE_PACKAGES ?? '').split(',').filter(Boolean));
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function hidePackages(request, ...rest) {
  const name = request.startsWith('@') ? request.split('/').slice(0, 2).join('/') : request.split('/')[0];
  if (hidden.has(name)) {
    const error = new Error(`Cannot find module '${request}'`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolveFilename.call(this, request, ...rest);
};
