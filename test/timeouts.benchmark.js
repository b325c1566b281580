jest.setTimeout(600000);
