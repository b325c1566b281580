// Child process of optional-peers.spec.ts: builds an application on AcbModule.forRoot() with the repository's
// settings (adapters overridden through ACB_* variables by the test), then prints one JSON line and exits.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AcbModule } from '@acb/core';
import { join } from 'node:path';

@Module({ imports: [AcbModule.forRoot({ settingsDir: join(__dirname, '..', '..', 'settings') })] })
class AppModule {}

async function main(): Promise<void> {
  try {
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
    await app.close();
    process.stdout.write(`${JSON.stringify({ started: true })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ started: false, name: (error as Error).name, message: (error as Error).message })}\n`);
  }
}

void main();
