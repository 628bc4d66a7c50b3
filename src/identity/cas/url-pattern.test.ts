import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { locateService, matchesPattern, parseUrlPattern } from "./url-pattern.ts";

const matches = (pattern: string, service: string) => {
  const location = locateService(service);
  return location !== null && matchesPattern(parseUrlPattern(pattern), location);
};

describe("CAS service URL patterns", () => {
  test("an exact pattern matches its path, with any query, and nothing else", () => {
    const pattern = "https://app.example.org/cas/callback";
    assert.ok(matches(pattern, "https://app.example.org/cas/callback"));
    assert.ok(matches(pattern, "https://app.example.org/cas/callback?next=%2Fpatients&lang=fr"));
    assert.ok(!matches(pattern, "https://app.example.org/cas/callback/"));
    assert.ok(!matches(pattern, "https://app.example.org/cas/callbackx"));
    assert.ok(!matches(pattern, "https://app.example.org/cas"));
  });

  test("a pattern ending in /* matches that path and below, not a longer name beside it", () => {
    const pattern = "https://app.example.org/cpms/*";
    for (const ok of ["/cpms", "/cpms/", "/cpms/login", "/cpms/a/b/c?x=1"]) assert.ok(matches(pattern, `https://app.example.org${ok}`), ok);
    for (const no of ["/cpmsevil", "/cpms-old/login", "/", "/other/cpms/"]) assert.ok(!matches(pattern, `https://app.example.org${no}`), no);
    assert.ok(matches("https://app.example.org/*", "https://app.example.org/anything/at/all"));
  });

  test("scheme, host and port must be exactly the pattern's", () => {
    const pattern = "https://app.example.org/*";
    for (const other of [
      "http://app.example.org/",
      "https://app.example.org:8443/",
      "https://evil.example.org/",
      "https://app.example.org.evil.example/",
      "https://evilapp.example.org/",
      "https://sub.app.example.org/",
    ]) {
      assert.ok(!matches(pattern, other), other);
    }
    assert.ok(matches("https://app.example.org:8443/*", "https://app.example.org:8443/x"));
    assert.ok(!matches("https://app.example.org:8443/*", "https://app.example.org/x"));
  });

  test("look-alike URLs are refused before any pattern is consulted", () => {
    for (const lookAlike of [
      "https://app.example.org@evil.example/",
      "https://user:pw@app.example.org/",
      "https://app.example.org\\@evil.example/",
      "https://app.example.org\\evil/",
      "https://app.example.org/cpms/../admin",
      "https://app.example.org/cpms/%2e%2e/admin",
      "https://app.example.org/cpms/..%2fadmin",
      "https://app.example.org/cpms/..%5cadmin",
      "https://app.example.org/cpms/..;/admin",
      "https://app.example.org/cpms/./x",
      "https://APP.example.org/cpms/",
      "HTTPS://app.example.org/cpms/",
      "https://app.example.org:443/cpms/",
      "https://app.example.org/cpms/#fragment",
      "https://app.example.org/cpms/ x",
      "https://app.example.org/cpms/\tx",
      "https://app.example.org/cpms/\nx",
      "https://app.example.org?x=1",
      "//app.example.org/cpms/",
      "/cpms/",
      "javascript:alert(1)//https://app.example.org/cpms/",
      "data:text/html,https://app.example.org/cpms/",
      "https://app.exämple.org/cpms/",
      "http://app.example.org/cpms/",
    ]) {
      assert.equal(locateService(lookAlike), null, lookAlike);
    }
  });

  test("http is accepted on this machine only", () => {
    assert.ok(matches("http://localhost:3000/*", "http://localhost:3000/auth/cas"));
    assert.ok(matches("http://127.0.0.1:8080/cb", "http://127.0.0.1:8080/cb"));
    assert.throws(() => parseUrlPattern("http://app.example.org/*"), /http: is allowed on localhost only/);
  });

  test("a bad pattern is refused with what to write instead", () => {
    const refusals: [string, RegExp][] = [
      ["https://app.example.org", /write it as https:\/\/app\.example\.org\/$/],
      ["https://App.Example.org/cpms/*", /write it as https:\/\/app\.example\.org\/cpms\/\*$/],
      ["https://app.example.org:443/x", /write it as https:\/\/app\.example\.org\/x$/],
      ["https://app.example.org/cpms*", /a \* may only end the pattern, right after a slash/],
      ["https://*.example.org/*", /a \* may only end the pattern/],
      ["https://app.example.org/cb?x=1", /no query string/],
      ["https://app.example.org/cb#top", /fragment/],
      ["https://user@app.example.org/", /user name or password/],
      ["javascript:alert(1)", /only https: URLs/],
      ["ftp://app.example.org/", /only https: URLs/],
      ["app.example.org/cpms/*", /not an absolute URL/],
      ["https://app.example.org/a/../b", /write it as https:\/\/app\.example\.org\/b$/],
      ["https://app.example.org/a/..;/b/*", /\. or \.\. segment/],
      ["https://app.example.org/a%2Fb", /encoded dot, slash or backslash/],
      ["https://app.example.org/a b", /printable ASCII only/],
    ];
    for (const [pattern, message] of refusals) assert.throws(() => parseUrlPattern(pattern), message, pattern);
  });
});
