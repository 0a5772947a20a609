"""`deliver s3`: uploads the render archive to an S3 (or S3-compatible) bucket with AWS Signature Version 4, checks it
with a HEAD and answers a pre-signed GET URL. Standard library only (hmac, hashlib, http.client).

Path-style addressing (`<endpoint>/<bucket>/<key>`) with --endpoint, virtual-hosted
(`https://<bucket>.s3.<region>.amazonaws.com/<key>`) without. The payload is signed with the archive's sha256, which
was verified before anything is sent.
"""

import datetime
import hashlib
import hmac
import http.client
import logging
import socket
import ssl
import xml.etree.ElementTree as ElementTree
from collections import OrderedDict
from urllib.parse import quote, urlsplit

from . import PROTOCOL_VERSION
from .errors import GeneratorError
from .redact import redact

log = logging.getLogger("dynamo-generator")

DEFAULT_REGION = "us-east-1"
DEFAULT_URL_EXPIRES_SECONDS = 3600
MAX_URL_EXPIRES_SECONDS = 604800
_SECRET_KEYS = "'accessKeyId' and 'secretAccessKey' (and 'sessionToken' for temporary credentials)"
_AUTH_CODES = frozenset(["InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "ExpiredToken", "InvalidToken", "TokenRefreshRequired"])
_NOT_FOUND_CODES = frozenset(["NoSuchBucket"])


class Credentials:
    def __init__(self, access_key_id, secret_access_key, session_token):
        self.access_key_id = access_key_id
        self.secret_access_key = secret_access_key
        self.session_token = session_token


def _uri_encode(text, keep_slash):
    return quote(text, safe="-_.~" + ("/" if keep_slash else ""))


def _hmac(key, text):
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def _signing_key(secret, date, region):
    key = _hmac(("AWS4" + secret).encode("utf-8"), date)
    key = _hmac(key, region)
    key = _hmac(key, "s3")
    return _hmac(key, "aws4_request")


def _canonical_query(params):
    return "&".join(f"{_uri_encode(k, False)}={_uri_encode(v, False)}" for k, v in sorted(params.items()))


def _string_to_sign(timestamp, scope, canonical_request):
    return "\n".join(["AWS4-HMAC-SHA256", timestamp, scope, hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()])


class Target:
    """Where the object lives: scheme, host (with a port when not the default), the canonical path and the region."""

    def __init__(self, bucket, key, endpoint, region):
        if not bucket or "/" in bucket:
            raise GeneratorError("InvalidArguments", f"--bucket {bucket!r} must be a bucket name (no '/').")
        if not key or key.startswith("/"):
            raise GeneratorError("InvalidArguments", f"--key {key!r} must be an object key that does not start with '/'.")
        self.bucket, self.key, self.region, self.endpoint = bucket, key, region, endpoint
        if endpoint:
            parts = urlsplit(endpoint)
            if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.query or parts.fragment:
                raise GeneratorError("InvalidArguments", f"--endpoint {redact(endpoint)!r} must be an http(s) URL of the S3 service, without credentials or query.")
            self.scheme = parts.scheme
            self.netloc = parts.netloc
            prefix = parts.path.rstrip("/")
            self.path = _uri_encode(prefix + "/" + bucket + "/" + key, True)
        else:
            self.scheme = "https"
            self.netloc = f"{bucket}.s3.{region}.amazonaws.com"
            self.path = "/" + _uri_encode(key, True)
        parsed = urlsplit(f"{self.scheme}://{self.netloc}")
        self.hostname = parsed.hostname
        self.port = parsed.port

    def url(self, query=""):
        return f"{self.scheme}://{self.netloc}{self.path}" + ("?" + query if query else "")

    def connection(self, timeout):
        if self.scheme == "https":
            return http.client.HTTPSConnection(self.hostname, self.port, timeout=timeout, context=ssl.create_default_context())
        return http.client.HTTPConnection(self.hostname, self.port, timeout=timeout)


class S3Output:
    def __init__(self, target, credentials, timeout_seconds):
        self._target = target
        self._credentials = credentials
        self._timeout = timeout_seconds

    def _authorization(self, method, headers, payload_hash, now):
        """Signs a request whose headers (lower-case names; host included) are all signed."""
        date = now.strftime("%Y%m%d")
        scope = f"{date}/{self._target.region}/s3/aws4_request"
        names = sorted(headers)
        canonical_headers = "".join(f"{n}:{' '.join(str(headers[n]).split())}\n" for n in names)
        signed = ";".join(names)
        canonical = "\n".join([method, self._target.path, "", canonical_headers, signed, payload_hash])
        signature = hmac.new(
            _signing_key(self._credentials.secret_access_key, date, self._target.region),
            _string_to_sign(now.strftime("%Y%m%dT%H%M%SZ"), scope, canonical).encode("utf-8"),
            hashlib.sha256,
        ).hexdigest()
        return f"AWS4-HMAC-SHA256 Credential={self._credentials.access_key_id}/{scope}, SignedHeaders={signed}, Signature={signature}"

    def _request(self, method, headers, payload_hash, body=None, what=""):
        now = datetime.datetime.now(datetime.timezone.utc)
        signed = {"host": self._target.netloc, "x-amz-date": now.strftime("%Y%m%dT%H%M%SZ"), "x-amz-content-sha256": payload_hash}
        if self._credentials.session_token:
            signed["x-amz-security-token"] = self._credentials.session_token
        signed.update(headers)
        sent = dict(signed)
        sent["authorization"] = self._authorization(method, signed, payload_hash, now)
        connection = self._target.connection(self._timeout)
        try:
            connection.putrequest(method, self._target.path, skip_host=True, skip_accept_encoding=True)
            for name, value in sent.items():
                connection.putheader(name, value)
            if body is not None:
                connection.putheader("content-length", str(body[1]))
            connection.endheaders()
            if body is not None:
                for block in iter(lambda: body[0].read(1 << 16), b""):
                    connection.send(block)
            response = connection.getresponse()
            data = response.read(1 << 20)
            return response.status, response.headers, data
        except (socket.timeout, TimeoutError):
            raise self._unreachable(what, f"no answer within {self._timeout}s") from None
        except ssl.SSLError as error:
            raise self._unreachable(what, f"TLS failed: {error.reason or error}") from None
        except socket.gaierror as error:
            raise self._unreachable(what, f"cannot resolve the host name ({error.strerror})") from None
        except (OSError, http.client.HTTPException) as error:
            raise self._unreachable(what, getattr(error, "strerror", None) or f"{type(error).__name__}: {error}") from None
        finally:
            connection.close()

    def _unreachable(self, what, detail):
        host = self._target.netloc
        return GeneratorError(
            "OutputUnreachable",
            f"could not reach the S3 service at {host} while {what} ({redact(detail)}); check the output's "
            f"{'endpoint' if self._target.endpoint else 'bucket and region'} and that {host} is in the output's egress allowlist.",
        )

    def _failed(self, what, status, headers, data):
        code, message = _s3_error(status, headers, data)
        where = f"s3://{self._target.bucket}/{self._target.key}"
        if code in _AUTH_CODES or (code is None and status in (401, 403)):
            return GeneratorError(
                "OutputAuthFailed",
                f"S3 refused the credentials in the output Secret while {what} {where} (HTTP {status} {code or ''}: "
                f"{redact(message)}). Check the Secret's keys {_SECRET_KEYS} and that they may write to the bucket.",
            )
        if code in _NOT_FOUND_CODES or (code is None and status == 404 and what.startswith("uploading")):
            return GeneratorError(
                "OutputNotFound",
                f"the bucket {self._target.bucket!r} does not exist at {self._target.netloc} (HTTP {status} {code or ''}); "
                "create it or fix the bucket (and the endpoint or region) of the Scaffold's S3 output.",
            )
        return GeneratorError(
            "OutputRejected",
            f"S3 answered HTTP {status} {code or ''} while {what} {where}: {redact(message)}.",
        )

    def upload(self, archive_file, size, sha256):
        headers = {"content-type": "application/gzip", "x-amz-meta-sha256": sha256}
        with open(archive_file, "rb") as handle:
            status, response_headers, data = self._request("PUT", headers, sha256, (handle, size), "uploading")
        if status not in (200, 201):
            raise self._failed("uploading", status, response_headers, data)
        etag = (response_headers.get("ETag") or "").strip().strip('"')
        log.info("uploaded %d bytes to s3://%s/%s (ETag %s)", size, self._target.bucket, self._target.key, etag)
        status, response_headers, data = self._request("HEAD", {}, hashlib.sha256(b"").hexdigest(), None, "checking the upload of")
        if status != 200:
            raise self._failed("checking the upload of", status, response_headers, data)
        stored = response_headers.get("Content-Length")
        if stored != str(size):
            raise GeneratorError(
                "OutputRejected",
                f"s3://{self._target.bucket}/{self._target.key} holds {stored} bytes after uploading {size}; the service "
                "did not store the archive as sent.",
            )
        return etag or (response_headers.get("ETag") or "").strip().strip('"')

    def presign(self, expires_seconds, now=None):
        """A pre-signed GET URL of the object (SigV4 query authentication, only `host` signed); (url, expiry)."""
        now = now or datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        date = now.strftime("%Y%m%d")
        timestamp = now.strftime("%Y%m%dT%H%M%SZ")
        scope = f"{date}/{self._target.region}/s3/aws4_request"
        params = {
            "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
            "X-Amz-Credential": f"{self._credentials.access_key_id}/{scope}",
            "X-Amz-Date": timestamp,
            "X-Amz-Expires": str(expires_seconds),
            "X-Amz-SignedHeaders": "host",
        }
        if self._credentials.session_token:
            params["X-Amz-Security-Token"] = self._credentials.session_token
        query = _canonical_query(params)
        canonical = "\n".join(["GET", self._target.path, query, f"host:{self._target.netloc}\n", "host", "UNSIGNED-PAYLOAD"])
        signature = hmac.new(
            _signing_key(self._credentials.secret_access_key, date, self._target.region),
            _string_to_sign(timestamp, scope, canonical).encode("utf-8"),
            hashlib.sha256,
        ).hexdigest()
        expires_at = now + datetime.timedelta(seconds=expires_seconds)
        return self._target.url(query + "&X-Amz-Signature=" + signature), expires_at.strftime("%Y-%m-%dT%H:%M:%SZ")


def _s3_error(status, headers, data):
    """(S3 error code or None, message) from an error answer: the XML body, or (HEAD has none) S3-compatible headers."""
    code = message = None
    if data:
        try:
            root = ElementTree.fromstring(data)
            code = root.findtext("Code")
            message = root.findtext("Message")
        except ElementTree.ParseError:
            message = data[:300].decode("utf-8", "replace").strip()
    code = code or headers.get("x-amz-error-code")
    message = message or headers.get("x-amz-error-message") or http.client.responses.get(status, "no details")
    return code, message


def run(args, archive_file, size, sha256, secret_dir):
    from .deliver import read_secret

    expires = args.url_expires_seconds
    if not 1 <= expires <= MAX_URL_EXPIRES_SECONDS:
        raise GeneratorError("InvalidArguments", f"--url-expires-seconds {expires} must be between 1 and {MAX_URL_EXPIRES_SECONDS} (a week).")
    region = args.region or DEFAULT_REGION
    target = Target(args.bucket, args.key, args.endpoint, region)
    credentials = Credentials(
        read_secret(secret_dir, "accessKeyId", True),
        read_secret(secret_dir, "secretAccessKey", True),
        read_secret(secret_dir, "sessionToken", False),
    )
    output = S3Output(target, credentials, args.timeout)
    etag = output.upload(archive_file, size, sha256)
    url, expires_at = output.presign(expires)
    return OrderedDict(
        [
            ("kind", "DeliverResult"),
            ("version", PROTOCOL_VERSION),
            ("output", "s3"),
            ("bucket", target.bucket),
            ("key", target.key),
            ("endpoint", args.endpoint or None),
            ("region", region),
            ("size", size),
            ("sha256", sha256),
            ("etag", etag),
            ("url", url),
            ("urlExpiresAt", expires_at),
        ]
    )
