import { afterEach, describe, expect, it } from 'vitest';
import { entitySetUrl, entityUrl, odataAndEq, odataString } from '../../../src/connectors/onec/odata-url.ts';
import { ODataClient } from '../../../src/connectors/onec/odata.client.ts';
import { validateOneCConfig } from '../../../src/connectors/onec/onec-config.ts';
import { startFakeOneC, type FakeOneC } from '../../support/fake-onec.server.ts';

let fake: FakeOneC | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

describe('OData URLs for 1C', () => {
  it('given a value with single quotes, when made a literal, then each quote is doubled', () => {
    expect(odataString("O'Brien")).toBe("'O''Brien'");
    expect(odataString("''")).toBe("''''''");
    expect(odataString('0012')).toBe("'0012'");
  });

  it('given a filter with Cyrillic, spaces, quotes, & and +, when put in a URL, then it is ASCII with %20 for spaces and nothing left to misread', () => {
    const url = entitySetUrl('http://h/b/odata/standard.odata/', 'Catalog_Контрагенты', {
      filter: odataAndEq([['Description', odataString("A & B + C's")]]),
      top: 1,
    });
    expect(url).toBe(
      'http://h/b/odata/standard.odata/Catalog_%D0%9A%D0%BE%D0%BD%D1%82%D1%80%D0%B0%D0%B3%D0%B5%D0%BD%D1%82%D1%8B' +
        '?$format=json&$filter=Description%20eq%20%27A%20%26%20B%20%2B%20C%27%27s%27&$top=1',
    );
  });

  it('given a Ref_Key, when an entity is addressed, then the guid literal stays readable in the path', () => {
    expect(entityUrl('http://h/b/odata/standard.odata/', 'Catalog_Банки', '0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(
      "http://h/b/odata/standard.odata/Catalog_%D0%91%D0%B0%D0%BD%D0%BA%D0%B8(guid'0f8fad5b-d9cb-469f-a165-70867728950e')?$format=json",
    );
  });

  it('given names with quotes in 1C, when filtered by them through a real HTTP round trip, then exactly the matching entries come back', async () => {
    fake = await startFakeOneC();
    const name = 'ООО "Ромашка" и O\'Brien & Co + партнёры';
    const wanted = fake.seed('Catalog_Контрагенты', { Description: name, ИНН: '0012345678' });
    fake.seed('Catalog_Контрагенты', { Description: 'ООО "Ромашка" и O', ИНН: '0012345678' });
    const r = validateOneCConfig({ url: fake.url, user: fake.user, password: fake.password });
    if (!r.ok) throw new Error('config');
    const client = new ODataClient(r.config);

    const byName = await client.list('Catalog_Контрагенты', { filter: odataAndEq([['Description', odataString(name)]]) });
    expect(byName.map((x) => x.Ref_Key)).toEqual([wanted]);
    const byInn = await client.list('Catalog_Контрагенты', { filter: odataAndEq([['ИНН', odataString('0012345678')]]) });
    expect(byInn).toHaveLength(2);
    const byShortInn = await client.list('Catalog_Контрагенты', { filter: odataAndEq([['ИНН', odataString('12345678')]]) });
    expect(byShortInn).toHaveLength(0);
  });

  it('given a filter encoded with + for spaces (a common mistake), when sent to the fake 1C, then it is refused as 1C would', async () => {
    fake = await startFakeOneC();
    const auth = `Basic ${Buffer.from(`${fake.user}:${fake.password}`, 'utf8').toString('base64')}`;
    const res = await fetch(`${fake.url}/odata/standard.odata/${encodeURIComponent('Catalog_Контрагенты')}?$format=json&$filter=Code+eq+%271%27`, { headers: { Authorization: auth } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { 'odata.error': { message: { value: string } } };
    expect(body['odata.error'].message.value).toContain('Неправильный синтаксис');
  });
});
