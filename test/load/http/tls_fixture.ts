/**
 * A throwaway certificate authority and a `localhost` server certificate it signed (valid until 2126),
 * for TLS tests on loopback. The key protects nothing: it exists only in this file.
 *
 * @module
 */

/** PEM of the test CA, to pass as `caCerts`. */
export const TEST_CA_CERT = `-----BEGIN CERTIFICATE-----
MIIBhjCCAS2gAwIBAgIUCZDNNgpnbKWgGy7YYZBCZzLoANUwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNVmlnaWwgVGVzdCBDQTAgFw0yNjExMjYwNDM5MjFaGA8yMTI2
MTEwMjA0MzkyMVowGDEWMBQGA1UEAwwNVmlnaWwgVGVzdCBDQTBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABEsqu2Sr8XT1BqAwj/+WOJkS7koq/HV4SAp/FIJi1wBc
45iCq3lCgprBM0Htf+Y03jmE6GmDYkO+vjLo+TKDR2+jUzBRMB0GA1UdDgQWBBRi
bWEJhIYj0vhEuDt/zNu68uwn2zAfBgNVHSMEGDAWgBRibWEJhIYj0vhEuDt/zNu6
8uwn2zAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIC7ggI2VeZbo
k9Fu0lOgcJkWwRqsaq8eDm7rhe2EXdD+AiAnGy/nq29sENJox0RFh2iOtWz3cfp6
r0eWQdfhbzqXzQ==
-----END CERTIFICATE-----
`;

/** PEM of the server certificate: subject alternative name `DNS:localhost` only. */
export const TEST_SERVER_CERT = `-----BEGIN CERTIFICATE-----
MIIBuDCCAV2gAwIBAgIURVsYdmbdSaauGiGB+Bm3EHYpvOUwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNVmlnaWwgVGVzdCBDQTAgFw0yNjExMjYwNDM5MjFaGA8yMTI2
MTEwMjA0MzkyMVowFDESMBAGA1UEAwwJbG9jYWxob3N0MFkwEwYHKoZIzj0CAQYI
KoZIzj0DAQcDQgAEsbXGvgTS5rGbkCvZy/cxoRIqbyMlJPCZ7p/h2fTZhdoNl0sL
KhHQdl3UXxkYgm/WggmcugiRIPW+bOa1gLfurqOBhjCBgzAUBgNVHREEDTALggls
b2NhbGhvc3QwCQYDVR0TBAIwADALBgNVHQ8EBAMCB4AwEwYDVR0lBAwwCgYIKwYB
BQUHAwEwHQYDVR0OBBYEFLR8ok2EuC9k10scPtxidwTU2tccMB8GA1UdIwQYMBaA
FGJtYQmEhiPS+ES4O3/M27ry7CfbMAoGCCqGSM49BAMCA0kAMEYCIQD5JsGYobZW
c7ewMq9XvU3Q5EIwVRro5Np4j8Wy8f+xYwIhANdJSP14ePXSsg8cl9e0gbEnTWV7
KIuYAGeLMFCL9z4j
-----END CERTIFICATE-----
`;

/** PEM of the server certificate's private key (P-256). */
export const TEST_SERVER_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgpLDROjWv/VZRRjLS
AsUlqqHRD6Ib+BoRnt3L3Koy00KhRANCAASxtca+BNLmsZuQK9nL9zGhEipvIyUk
8Jnun+HZ9NmF2g2XSwsqEdB2XdRfGRiCb9aCCZy6CJEg9b5s5rWAt+6u
-----END PRIVATE KEY-----
`;
