import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { API_PREFIX } from '@acme/config';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  // The prefix comes from a package: sselint matches the routes by the locations that end with their paths.
  app.setGlobalPrefix(API_PREFIX);
  await app.listen(3000);
}
bootstrap();
