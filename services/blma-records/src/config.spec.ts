import { ConfigError, loadConfig } from '@kazi/service-kit';
import t from 'tap';
import { blmaRecordsConfigSchema } from './config.ts';

t.test('defaults, the media types kept and the document limit', async (t) => {
  const config = loadConfig(blmaRecordsConfigSchema, { KAZI_DEV: '1' });
  t.equal(config.BLMA_DOCUMENT_MAX_BYTES, 25 * 1_048_576, 'a scanned agreement fits');
  t.ok(config.BLMA_DOCUMENT_MEDIA_TYPES.includes('application/pdf'));
  t.equal(config.BLMA_SWEEP_BATCH, 500);
  t.same(
    loadConfig(blmaRecordsConfigSchema, {
      KAZI_DEV: '1',
      BLMA_DOCUMENT_MEDIA_TYPES: 'Application/PDF, image/png',
    }).BLMA_DOCUMENT_MEDIA_TYPES,
    ['application/pdf', 'image/png'],
    'a list, in lower case',
  );
  t.throws(
    () => loadConfig(blmaRecordsConfigSchema, { KAZI_DEV: '1', BLMA_DOCUMENT_MEDIA_TYPES: 'pdf' }),
    /BLMA_DOCUMENT_MEDIA_TYPES/,
    'a media type is type/subtype',
  );
  t.throws(
    () => loadConfig(blmaRecordsConfigSchema, { KAZI_DEV: '1', BLMA_DOCUMENT_MAX_BYTES: '0' }),
    ConfigError,
  );
  t.throws(
    () => loadConfig(blmaRecordsConfigSchema, { KAZI_DEV: '1', BLMA_SWEEP_INTERVAL_MS: 'hourly' }),
    /BLMA_SWEEP_INTERVAL_MS/,
  );
});
