#!/usr/bin/env node
'use strict';

// s3rver 3.7.1 with real credentials: it checks only that a SigV4 request names a known access key id ("Signature
// version 4 calculation is unimplemented", lib/middleware/authentication.js) and lets anonymous requests through. This
// wrapper registers one key pair (instead of the built-in S3RVER/S3RVER), verifies every AWS Signature Version 4 (the
// Authorization header and pre-signed query URLs) with its own implementation before s3rver's routes run, and refuses
// unsigned requests with AccessDenied. s3rver itself still enforces X-Amz-Expires of pre-signed URLs.
//
// node server.js --directory D --address 127.0.0.1 --port 0 --bucket B [--bucket C] --access-key-id K --secret-access-key S
// prints {"port": N} on one stdout line once it listens; stops on SIGTERM or when stdin closes.

const crypto = require('crypto');
const S3rver = require('s3rver');
const AWSAccount = require('s3rver/lib/models/account');
const S3Error = require('s3rver/lib/models/error');

function parseArguments(argv) {
  const options = { buckets: [], address: '127.0.0.1', port: 0 };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${name} needs a value`);
    switch (name) {
      case '--directory': options.directory = value; break;
      case '--address': options.address = value; break;
      case '--port': options.port = Number(value); break;
      case '--bucket': options.buckets.push(value); break;
      case '--access-key-id': options.accessKeyId = value; break;
      case '--secret-access-key': options.secretAccessKey = value; break;
      default: throw new Error(`unknown option ${name}`);
    }
  }
  for (const required of ['directory', 'accessKeyId', 'secretAccessKey']) {
    if (!options[required]) throw new Error(`--${required.replace(/[A-Z]/g, c => '-' + c.toLowerCase())} is required`);
  }
  return options;
}

// RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ percent-encoded, upper-case hex.
function uriEncode(text, keepSlash) {
  return Array.from(Buffer.from(text, 'utf8'))
    .map(byte => {
      const c = String.fromCharCode(byte);
      if (/[A-Za-z0-9\-_.~]/.test(c) || (keepSlash && c === '/')) return c;
      return '%' + byte.toString(16).toUpperCase().padStart(2, '0');
    })
    .join('');
}

function decode(text) {
  return decodeURIComponent(text.replace(/\+/g, '%20'));
}

function hmac(key, text) {
  return crypto.createHmac('sha256', key).update(text, 'utf8').digest();
}

function sha256Hex(text) {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

function signingKey(secret, date, region, service) {
  return hmac(hmac(hmac(hmac('AWS4' + secret, date), region), service), 'aws4_request');
}

function denied(code, message) {
  return new S3Error(code, message);
}

function verifier(keys) {
  return async function verifySignatureV4(ctx, next) {
    const raw = ctx.req.url;
    const question = raw.indexOf('?');
    const rawPath = question < 0 ? raw : raw.slice(0, question);
    const rawQuery = question < 0 ? '' : raw.slice(question + 1);
    const pairs = rawQuery
      .split('&')
      .filter(p => p.length > 0)
      .map(p => {
        const equals = p.indexOf('=');
        return equals < 0 ? [decode(p), ''] : [decode(p.slice(0, equals)), decode(p.slice(equals + 1))];
      });
    const query = new Map(pairs);
    const authorization = ctx.get('authorization');

    let accessKeyId, scope, amzDate, signedHeaders, signature, payloadHash;
    if (authorization) {
      const match = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(authorization);
      if (!match) throw denied('AuthorizationHeaderMalformed', 'This server accepts only AWS Signature Version 4 (AWS4-HMAC-SHA256).');
      const credential = match[1].split('/');
      accessKeyId = credential[0];
      scope = credential.slice(1);
      signedHeaders = match[2];
      signature = match[3];
      amzDate = ctx.get('x-amz-date');
      payloadHash = ctx.get('x-amz-content-sha256');
      if (!payloadHash) throw denied('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
    } else if (query.has('X-Amz-Signature')) {
      const credential = (query.get('X-Amz-Credential') || '').split('/');
      accessKeyId = credential[0];
      scope = credential.slice(1);
      signedHeaders = query.get('X-Amz-SignedHeaders') || '';
      signature = query.get('X-Amz-Signature');
      amzDate = query.get('X-Amz-Date');
      payloadHash = 'UNSIGNED-PAYLOAD';
      if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
        throw denied('AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
      }
    } else {
      throw denied('AccessDenied', 'Anonymous access is not allowed: sign the request (AWS Signature Version 4).');
    }

    const secret = keys.get(accessKeyId);
    if (secret === undefined) {
      throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: accessKeyId });
    }
    if (scope.length !== 4 || scope[2] !== 's3' || scope[3] !== 'aws4_request' || !amzDate || amzDate.slice(0, 8) !== scope[0]) {
      throw denied('AuthorizationHeaderMalformed', `The credential scope ${scope.join('/')} does not match X-Amz-Date ${amzDate}.`);
    }
    const names = signedHeaders.split(';');
    if (!names.includes('host')) throw denied('AccessDenied', 'The host header must be signed.');

    const canonicalUri = rawPath
      .split('/')
      .map(segment => uriEncode(decode(segment), false))
      .join('/');
    const canonicalQuery = pairs
      .filter(([name]) => !(name === 'X-Amz-Signature' && !authorization))
      .map(([name, value]) => [uriEncode(name, false), uriEncode(value, false)])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
      .map(([name, value]) => `${name}=${value}`)
      .join('&');
    const canonicalHeaders = names.map(name => `${name}:${(ctx.get(name) || '').trim().replace(/\s+/g, ' ')}\n`).join('');
    const canonicalRequest = [ctx.method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope.join('/'), sha256Hex(canonicalRequest)].join('\n');
    const expected = crypto.createHmac('sha256', signingKey(secret, scope[0], scope[1], scope[2])).update(stringToSign, 'utf8').digest('hex');
    if (!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature.padEnd(expected.length, '0').slice(0, expected.length)))) {
      throw new S3Error(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        { AWSAccessKeyId: accessKeyId, CanonicalRequest: canonicalRequest, StringToSign: stringToSign },
      );
    }
    return next();
  };
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  // Only the configured key pair is known: s3rver's built-in S3RVER/S3RVER is revoked.
  AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
  AWSAccount.DUMMY_ACCOUNT.createKeyPair(options.accessKeyId, options.secretAccessKey);
  const server = new S3rver({
    address: options.address,
    port: options.port,
    directory: options.directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: options.buckets.map(name => ({ name, configs: [] })),
  });
  // Koa composes its middleware when it starts listening: the check runs first, before s3rver's logger and routes.
  server.middleware.unshift(verifier(new Map([[options.accessKeyId, options.secretAccessKey]])));
  const address = await server.run();
  process.stdout.write(JSON.stringify({ port: address.port }) + '\n');
  const stop = () => server.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch(error => {
  process.stderr.write(`s3-server: ${error.stack || error}\n`);
  process.exit(1);
});
