// Real servers and child processes are slower than unit code: a minute per test (jest 29 has no per-project testTimeout).
jest.setTimeout(60000);
