/* The keyhop C ABI exercised from C: tests/c_program.rs compiles this file against the static
 * and the shared library and runs it (under valgrind when installed) with a vectors file it
 * writes from samples/ and codec/tests/data/key-refresh-vectors.json.
 *
 * Usage: keyhop_test VECTORS_FILE. Each line of the file is one check:
 *   handover_request HEX KASME         a HandoverRequest of samples/s1-handover.pcapng (UE 1):
 *                                      JSON fields, key redaction, NH, re-encoding, an edit
 *   message PROTOCOL NAME|- HEX KEY|-  any message: JSON with "message":"NAME", KEY (hex octets
 *                                      of a key it carries) only with KEYHOP_SHOW_KEYS, and
 *                                      S1AP/X2AP/MAKR re-encoded byte for byte
 *   kenb KASME COUNT EXPECTED          TS 33.401 derivations against known outputs
 *   nh KASME SYNC EXPECTED
 *   nh_chain KASME KENB0 N EXPECTED
 *   kenb_star KEY PCI EARFCN EXPECTED
 *   kasme_prime CK IK NONCE EXPECTED
 *   nas_keys KASME EEA EIA ENC INT
 *   unwrap ALG KEK WRAPPED IDENT|- MME_UE_ID REFRESH EXPECTED|integrity|argument
 * It prints "ok KIND" per line checked and "ok errors" after the error paths, and exits 1 at
 * the first failure. Every buffer keyhop returns is freed, so valgrind finds no leak. */

#include "keyhop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond, ...)                                                       \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);    \
            fprintf(stderr, __VA_ARGS__);                                      \
            fprintf(stderr, " (last error: %s)\n",                            \
                    keyhop_last_error() ? keyhop_last_error() : "none");       \
            failures++;                                                        \
            return;                                                            \
        }                                                                      \
    } while (0)

/* Octets of a hex string into a new malloc'd buffer (caller frees with free); NULL on bad hex. */
static uint8_t *unhex(const char *hex, size_t *len) {
    size_t n = strlen(hex);
    if (n % 2 != 0) return NULL;
    uint8_t *out = malloc(n / 2 ? n / 2 : 1);
    if (!out) return NULL;
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
            free(out);
            return NULL;
        }
        out[i] = (uint8_t)v;
    }
    *len = n / 2;
    return out;
}

/* Exactly `want` octets of hex into `out`; 0 on success. */
static int unhex_fixed(const char *hex, uint8_t *out, size_t want) {
    size_t n = 0;
    uint8_t *b = hex ? unhex(hex, &n) : NULL;
    int ok = b && n == want;
    if (ok) memcpy(out, b, want);
    free(b);
    return ok ? 0 : -1;
}

static void tohex(const uint8_t *b, size_t n, char *out) {
    for (size_t i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", b[i]);
    out[2 * n] = 0;
}

static int contains(const char *hay, const char *needle) { return strstr(hay, needle) != NULL; }

/* The HandoverRequest: decode redacted and with keys, check fields, NH against the chain.
 * (A failed CHECK returns at once: the process then exits 1, so what it leaks does not matter.) */
static void handover_request(const char *hex, const char *kasme_hex) {
    size_t len = 0;
    uint8_t *msg = unhex(hex, &len);
    CHECK(msg != NULL && len > 0, "bad hex for the HandoverRequest");
    uint8_t kasme[KEYHOP_KEY256_LEN], kenb0[KEYHOP_KEY256_LEN], nh1[KEYHOP_KEY256_LEN],
        nh1b[KEYHOP_KEY256_LEN];
    CHECK(unhex_fixed(kasme_hex, kasme, sizeof kasme) == 0, "bad KASME");

    /* The sample's NH for NCC 1 is the first of the A.4 chain from KeNB(KASME, NAS COUNT 0). */
    CHECK(keyhop_kenb(kasme, 0, kenb0) == KEYHOP_OK, "kenb");
    CHECK(keyhop_nh_chain(kasme, kenb0, 1, nh1) == KEYHOP_OK, "nh_chain");
    CHECK(keyhop_nh(kasme, kenb0, nh1b) == KEYHOP_OK, "nh");
    CHECK(memcmp(nh1, nh1b, sizeof nh1) == 0, "nh_chain(1) differs from nh(KeNB)");
    char nh_hex[2 * KEYHOP_KEY256_LEN + 1];
    tohex(nh1, sizeof nh1, nh_hex);
    char nh_field[128];
    snprintf(nh_field, sizeof nh_field, "\"next_hop_parameter\":\"%s\"", nh_hex);

    char *redacted = (char *)1, *shown = NULL;
    int rc = keyhop_decode_json("s1ap", msg, len, &redacted);
    CHECK(rc == KEYHOP_OK && redacted != NULL, "decode: %d", rc);
    CHECK(keyhop_last_error() == NULL, "no error text after a success");
    rc = keyhop_decode_json_flags("s1ap", msg, len, KEYHOP_SHOW_KEYS, &shown);
    CHECK(rc == KEYHOP_OK && shown != NULL, "decode with keys: %d", rc);

    /* Facts of samples/README.md: UE 1, north -> east, NCC 1, intra-LTE, radio reason. */
    const char *fields[] = {
        "\"message\":\"HandoverRequest\"",
        "\"procedure_code\":1,",
        "\"pdu_type\":\"initiating_message\"",
        "\"mme_ue_s1ap_id\":256,",
        "\"handover_type\":\"intralte\"",
        "\"cause\":{\"radio_network\":\"handover_desirable_for_radio_reason\"}",
        "\"next_hop_chaining_count\":1,",
        "\"transport_layer_address_ip\":\"10.20.0.1\"",
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        CHECK(contains(redacted, fields[i]), "field %s in %s", fields[i], redacted);
        CHECK(contains(shown, fields[i]), "field %s with keys shown", fields[i]);
    }
    /* Keys only with KEYHOP_SHOW_KEYS: the redacted text has a fingerprint, not the NH. */
    CHECK(!contains(redacted, nh_hex), "the NH in the redacted JSON");
    CHECK(contains(redacted, "\"next_hop_parameter\":\"fp:"), "NH fingerprint");
    CHECK(contains(shown, nh_field), "the NH shown is the A.4 chain's (%s)", nh_hex);

    /* Back to octets: the JSON with the octets shown encodes to the message byte for byte. */
    uint8_t *wire = (uint8_t *)1;
    size_t wire_len = 7;
    rc = keyhop_encode_json("s1ap", shown, &wire, &wire_len);
    CHECK(rc == KEYHOP_OK && wire != NULL, "encode: %d", rc);
    CHECK(wire_len == len && memcmp(wire, msg, len) == 0, "re-encoded: %zu octets of %zu, or differing",
          wire_len, len);
    keyhop_free(wire);

    /* An edited value is encoded as edited: MME-UE-S1AP-ID 256 -> 1000 (one octet longer). */
    const char *id = strstr(shown, "\"mme_ue_s1ap_id\":256,");
    CHECK(id != NULL, "the id in the JSON");
    size_t at = (size_t)(id - shown) + strlen("\"mme_ue_s1ap_id\":");
    char *edited = malloc(strlen(shown) + 2);
    CHECK(edited != NULL, "malloc");
    memcpy(edited, shown, at);
    strcpy(edited + at, "1000");
    strcpy(edited + at + 4, shown + at + 3);
    rc = keyhop_encode_json("s1ap", edited, &wire, &wire_len);
    free(edited);
    CHECK(rc == KEYHOP_OK, "encode edited: %d", rc);
    char *again = NULL;
    rc = keyhop_decode_json("s1ap", wire, wire_len, &again);
    keyhop_free(wire);
    CHECK(rc == KEYHOP_OK && contains(again, "\"mme_ue_s1ap_id\":1000,") &&
              contains(again, "\"next_hop_chaining_count\":1,"),
          "edited message decodes with the new id: %s", again ? again : "(null)");
    keyhop_free(again);

    /* The redacted JSON cannot be encoded: an error naming a field, no key material. */
    rc = keyhop_encode_json("s1ap", redacted, &wire, &wire_len);
    CHECK(rc == KEYHOP_ERR_ENCODE && wire == NULL && wire_len == 0, "encode redacted: %d", rc);
    const char *e = keyhop_last_error();
    CHECK(e != NULL && contains(e, "keyhop_encode_json: s1ap: ") && !contains(e, nh_hex),
          "error text: %s", e ? e : "(null)");

    keyhop_free(redacted);
    keyhop_free(shown);
    free(msg);
    printf("ok handover_request\n");
}

/* Any message: decoded both ways, the name and the key's redaction checked, re-encoded. */
static void message(const char *proto, const char *name, const char *hex, const char *key) {
    size_t len = 0;
    uint8_t *msg = unhex(hex, &len);
    CHECK(msg != NULL && len > 0, "bad hex");
    char *redacted = NULL, *shown = NULL;
    int rc = keyhop_decode_json(proto, msg, len, &redacted);
    CHECK(rc == KEYHOP_OK, "decode %s %s: %d", proto, name, rc);
    rc = keyhop_decode_json_flags(proto, msg, len, KEYHOP_SHOW_KEYS, &shown);
    CHECK(rc == KEYHOP_OK, "decode %s %s with keys: %d", proto, name, rc);
    if (strcmp(name, "-") != 0) {
        char field[256];
        snprintf(field, sizeof field, "\"message\":\"%s\"", name);
        CHECK(contains(redacted, field), "%s in %s", field, redacted);
    }
    if (strcmp(key, "-") != 0) {
        CHECK(!contains(redacted, key), "%s %s: the key in the redacted JSON", proto, name);
        CHECK(contains(shown, key), "%s %s: the key shown", proto, name);
    }
    uint8_t *wire = NULL;
    size_t wire_len = 0;
    rc = keyhop_encode_json(proto, shown, &wire, &wire_len);
    CHECK(rc == KEYHOP_OK, "encode %s %s: %d", proto, name, rc);
    CHECK(wire_len == len && memcmp(wire, msg, len) == 0, "%s %s re-encoded differs", proto, name);
    keyhop_free(wire);
    keyhop_free(redacted);
    keyhop_free(shown);
    free(msg);
    printf("ok message\n");
}

static void truncated_handover_request(const char *hex, const char *kasme_hex) {
    /* Cut in the middle: a decoding error naming the protocol and a byte offset, no octets. */
    size_t len = 0;
    uint8_t *msg = unhex(hex, &len);
    CHECK(msg != NULL && len > 40, "bad hex");
    char *json = (char *)1;
    int rc = keyhop_decode_json("s1ap", msg, len / 2, &json);
    free(msg);
    CHECK(rc == KEYHOP_ERR_DECODE, "truncated: %d", rc);
    CHECK(json == NULL, "json_out is NULL after a failure");
    const char *e = keyhop_last_error();
    CHECK(e != NULL && contains(e, "keyhop_decode_json: s1ap: ") && contains(e, " at byte "),
          "error text: %s", e ? e : "(null)");
    /* No 4-octet window of the message (8 hex digits) in the text. */
    for (size_t i = 0; i + 8 <= strlen(hex); i += 2) {
        char window[9];
        memcpy(window, hex + i, 8);
        window[8] = 0;
        CHECK(!contains(e, window), "the error text quotes octets %s: %s", window, e);
    }
    (void)kasme_hex;
    printf("ok truncated\n");
}

static void error_paths(void) {
    static const uint8_t zeros[64];
    uint8_t out[KEYHOP_KEY256_LEN], out16[KEYHOP_KEY128_LEN];
    char *json = (char *)1;
    int rc;

    rc = keyhop_decode_json("bogus", zeros, sizeof zeros, &json);
    CHECK(rc == KEYHOP_ERR_PROTOCOL && json == NULL, "bad protocol: %d", rc);
    CHECK(contains(keyhop_last_error(), "unknown protocol \"bogus\""), "text");
    rc = keyhop_decode_json("makr:Nothing", zeros, sizeof zeros, &json);
    CHECK(rc == KEYHOP_ERR_PROTOCOL, "bad MAKR type: %d", rc);
    rc = keyhop_decode_json("s1ap\xff", zeros, sizeof zeros, &json);
    CHECK(rc == KEYHOP_ERR_UTF8, "non-UTF-8 protocol: %d", rc);
    CHECK(contains(keyhop_last_error(), "`protocol` is not UTF-8"), "text");
    rc = keyhop_decode_json(NULL, zeros, sizeof zeros, &json);
    CHECK(rc == KEYHOP_ERR_NULL && contains(keyhop_last_error(), "`protocol` is NULL"), "%d", rc);
    rc = keyhop_decode_json("s1ap", NULL, 10, &json);
    CHECK(rc == KEYHOP_ERR_NULL && contains(keyhop_last_error(), "`data` is NULL"), "%d", rc);
    rc = keyhop_decode_json("s1ap", zeros, sizeof zeros, NULL);
    CHECK(rc == KEYHOP_ERR_NULL && contains(keyhop_last_error(), "`json_out` is NULL"), "%d", rc);
    rc = keyhop_decode_json_flags("s1ap", zeros, sizeof zeros, 4, &json);
    CHECK(rc == KEYHOP_ERR_ARGUMENT && json == NULL, "unknown flag: %d", rc);
    rc = keyhop_decode_json("s1ap", zeros, 0, &json);
    CHECK(rc == KEYHOP_ERR_DECODE && json == NULL, "empty input: %d", rc);
    rc = keyhop_decode_json("gtpv2", zeros, 3, &json);
    CHECK(rc == KEYHOP_ERR_DECODE && contains(keyhop_last_error(), "gtpv2"), "short GTPv2: %d", rc);
    rc = keyhop_decode_json("nas", zeros, 0, &json);
    CHECK(rc == KEYHOP_ERR_DECODE && contains(keyhop_last_error(), "nas"), "empty NAS: %d", rc);

    uint8_t *wire = (uint8_t *)1;
    size_t wire_len = 7;
    rc = keyhop_encode_json("rrc", "{}", &wire, &wire_len);
    CHECK(rc == KEYHOP_ERR_PROTOCOL && wire == NULL && wire_len == 0, "encode rrc: %d", rc);
    rc = keyhop_encode_json("nas", "{}", &wire, &wire_len);
    CHECK(rc == KEYHOP_ERR_ENCODE && wire == NULL && wire_len == 0
              && contains(keyhop_last_error(), "nas: security_header_type: missing"),
          "encode empty nas: %d", rc);
    rc = keyhop_encode_json("s1ap", "{\"message\": ", &wire, &wire_len);
    CHECK(rc == KEYHOP_ERR_ENCODE && contains(keyhop_last_error(), "not JSON"), "bad JSON: %d", rc);
    rc = keyhop_encode_json("s1ap", "{}", &wire, &wire_len);
    CHECK(rc == KEYHOP_ERR_ENCODE, "empty object: %d", rc);
    rc = keyhop_encode_json("s1ap", "\"\xc3\x28\"", &wire, &wire_len);
    CHECK(rc == KEYHOP_ERR_UTF8 && contains(keyhop_last_error(), "`json` is not UTF-8"), "%d", rc);
    rc = keyhop_encode_json("s1ap", NULL, &wire, &wire_len);
    CHECK(rc == KEYHOP_ERR_NULL && contains(keyhop_last_error(), "`json` is NULL"), "%d", rc);
    rc = keyhop_encode_json("s1ap", "{}", NULL, &wire_len);
    CHECK(rc == KEYHOP_ERR_NULL && contains(keyhop_last_error(), "`data_out` is NULL"), "%d", rc);
    rc = keyhop_encode_json("s1ap", "{}", &wire, NULL);
    CHECK(rc == KEYHOP_ERR_NULL && contains(keyhop_last_error(), "`len_out` is NULL"), "%d", rc);

    /* A NAS SECURITY MODE COMMAND (integrity protected; EEA0 and 128-EIA1 selected), read without keys. */
    static const uint8_t smc[] = {0x37, 0xb2, 0xed, 0xaa, 0x98, 0x00, 0x07, 0x5d,
                                  0x01, 0x00, 0x05, 0xf0, 0xf0, 0xc0, 0x40, 0x60};
    rc = keyhop_decode_json("nas", smc, sizeof smc, &json);
    CHECK(rc == KEYHOP_OK && json != NULL, "NAS decode: %d", rc);
    int nas_ok = contains(json, "\"security_header_type\":3") && contains(json, "Security Mode Command");
    if (!nas_ok) fprintf(stderr, "NAS JSON: %s\n", json);
    keyhop_free(json);
    CHECK(nas_ok, "NAS JSON fields");

    /* NAS back to wire: decoded with the octets shown, the JSON encodes to the same octets;
     * an edited algorithm (128-EIA2) is what gets encoded. */
    rc = keyhop_decode_json_flags("nas", smc, sizeof smc, KEYHOP_SHOW_KEYS | KEYHOP_SHOW_RAW, &json);
    CHECK(rc == KEYHOP_OK && json != NULL, "NAS decode shown: %d", rc);
    if (rc == KEYHOP_OK) {
        rc = keyhop_encode_json("nas", json, &wire, &wire_len);
        CHECK(rc == KEYHOP_OK && wire_len == sizeof smc && memcmp(wire, smc, sizeof smc) == 0,
              "NAS round trip: %d (%zu octets)", rc, wire_len);
        keyhop_free(wire);
        char *edit = strstr(json, "\"selected_nas_security_algorithms\":\"01\"");
        CHECK(edit != NULL, "NAS JSON has the selected algorithms");
        if (edit != NULL) {
            edit[strlen("\"selected_nas_security_algorithms\":\"0")] = '2';
            rc = keyhop_encode_json("nas", json, &wire, &wire_len);
            CHECK(rc == KEYHOP_OK && wire_len == sizeof smc && wire[8] == 0x02
                      && memcmp(wire, smc, 8) == 0 && memcmp(wire + 9, smc + 9, sizeof smc - 9) == 0,
                  "NAS edited: %d", rc);
            keyhop_free(wire);
        }
        keyhop_free(json);
    }
    /* A ciphered NAS message read without KEYHOP_SHOW_RAW: its octets are a fingerprint, and
     * encoding it is an error naming the field. */
    static const uint8_t ciphered[] = {0x27, 0xde, 0x7d, 0x0b, 0x04, 0x01, 1, 2, 3, 4, 5, 6, 7, 8};
    rc = keyhop_decode_json("nas", ciphered, sizeof ciphered, &json);
    CHECK(rc == KEYHOP_OK, "NAS ciphered decode: %d", rc);
    if (rc == KEYHOP_OK) {
        rc = keyhop_encode_json("nas", json, &wire, &wire_len);
        CHECK(rc == KEYHOP_ERR_ENCODE && wire == NULL
                  && contains(keyhop_last_error(), "nas: message_octets: value is redacted"),
              "NAS redacted: %d", rc);
        keyhop_free(json);
    }

    rc = keyhop_kenb(NULL, 0, out);
    CHECK(rc == KEYHOP_ERR_NULL && contains(keyhop_last_error(), "`kasme` is NULL"), "%d", rc);
    rc = keyhop_kenb(zeros, 0, NULL);
    CHECK(rc == KEYHOP_ERR_NULL && contains(keyhop_last_error(), "`kenb_out` is NULL"), "%d", rc);
    rc = keyhop_kenb_star(zeros, 1, 262144, out);
    CHECK(rc == KEYHOP_ERR_ARGUMENT && contains(keyhop_last_error(), "EARFCN"), "%d", rc);
    rc = keyhop_nh_chain(zeros, zeros, KEYHOP_MAX_NH_CHAIN + 1, out);
    CHECK(rc == KEYHOP_ERR_ARGUMENT, "%d", rc);
    rc = keyhop_nas_keys(zeros, 16, 2, out16, out16);
    CHECK(rc == KEYHOP_ERR_ARGUMENT, "%d", rc);
    rc = keyhop_makr_unwrap("aes-gcm", zeros, 16, zeros, 40, NULL, 0, 0, out);
    CHECK(rc == KEYHOP_ERR_ARGUMENT && contains(keyhop_last_error(), "unknown wrap algorithm"), "%d", rc);
    rc = keyhop_makr_unwrap("aes-kw", zeros, 15, zeros, 40, NULL, 0, 0, out);
    CHECK(rc == KEYHOP_ERR_ARGUMENT && contains(keyhop_last_error(), "KEK"), "%d", rc);
    rc = keyhop_makr_unwrap("aes-ctr-cmac", zeros, 16, zeros, 64, NULL, 0, 0, out);
    CHECK(rc == KEYHOP_ERR_NULL && contains(keyhop_last_error(), "target_ident"), "%d", rc);

    /* In place: the output may be the input's buffer. */
    uint8_t k[KEYHOP_KEY256_LEN] = {1}, k2[KEYHOP_KEY256_LEN];
    CHECK(keyhop_kenb(k, 7, k2) == KEYHOP_OK && keyhop_kenb(k, 7, k) == KEYHOP_OK, "kenb");
    CHECK(memcmp(k, k2, sizeof k) == 0, "in-place KeNB equals the separate one");

    keyhop_free(NULL);
    printf("ok errors\n");
}

static void check_key(const char *what, int rc, const uint8_t *got, size_t n, const char *want_hex) {
    uint8_t want[KEYHOP_KEY256_LEN];
    CHECK(rc == KEYHOP_OK, "%s: %d", what, rc);
    CHECK(unhex_fixed(want_hex, want, n) == 0, "%s: bad expected hex", what);
    CHECK(memcmp(got, want, n) == 0, "%s: wrong value", what);
    printf("ok %s\n", what);
}

static void unwrap(char **a) {
    /* a: ALG KEK WRAPPED IDENT MME_UE_ID REFRESH EXPECTED */
    size_t kek_len = 0, wrapped_len = 0;
    uint8_t *kek = unhex(a[1], &kek_len), *wrapped = unhex(a[2], &wrapped_len);
    uint8_t ident[KEYHOP_ENB_IDENT_LEN], kenb[KEYHOP_KEY256_LEN];
    int have_ident = strcmp(a[3], "-") != 0;
    int good = kek && wrapped && (!have_ident || unhex_fixed(a[3], ident, sizeof ident) == 0);
    int rc = good ? keyhop_makr_unwrap(a[0], kek, kek_len, wrapped, wrapped_len,
                                       have_ident ? ident : NULL, (uint32_t)strtoul(a[4], NULL, 10),
                                       (uint16_t)strtoul(a[5], NULL, 10), kenb)
                  : 1;
    free(kek);
    free(wrapped);
    CHECK(good, "bad unwrap vector");
    if (strcmp(a[6], "integrity") == 0) {
        CHECK(rc == KEYHOP_ERR_INTEGRITY, "unwrap %s: %d, expected an integrity failure", a[0], rc);
        printf("ok unwrap\n");
    } else if (strcmp(a[6], "argument") == 0) {
        CHECK(rc == KEYHOP_ERR_ARGUMENT, "unwrap %s: %d, expected an argument error", a[0], rc);
        printf("ok unwrap\n");
    } else {
        check_key("unwrap", rc, kenb, sizeof kenb, a[6]);
    }
}

static void vector_line(char *line) {
    char *a[10] = {0};
    int n = 0;
    for (char *t = strtok(line, " \t\r\n"); t && n < 10; t = strtok(NULL, " \t\r\n")) a[n++] = t;
    if (n == 0) return;
    uint8_t k1[KEYHOP_KEY256_LEN], k2[KEYHOP_KEY256_LEN], out[KEYHOP_KEY256_LEN],
        out2[KEYHOP_KEY128_LEN];
    const char *kind = a[0];
    if (strcmp(kind, "handover_request") == 0 && n == 3) {
        handover_request(a[1], a[2]);
        truncated_handover_request(a[1], a[2]);
    } else if (strcmp(kind, "message") == 0 && n == 5) {
        message(a[1], a[2], a[3], a[4]);
    } else if (strcmp(kind, "kenb") == 0 && n == 4) {
        CHECK(unhex_fixed(a[1], k1, 32) == 0, "kenb input");
        check_key(kind, keyhop_kenb(k1, (uint32_t)strtoul(a[2], NULL, 0), out), out, 32, a[3]);
    } else if (strcmp(kind, "nh") == 0 && n == 4) {
        CHECK(unhex_fixed(a[1], k1, 32) == 0 && unhex_fixed(a[2], k2, 32) == 0, "nh input");
        check_key(kind, keyhop_nh(k1, k2, out), out, 32, a[3]);
    } else if (strcmp(kind, "nh_chain") == 0 && n == 5) {
        CHECK(unhex_fixed(a[1], k1, 32) == 0 && unhex_fixed(a[2], k2, 32) == 0, "nh_chain input");
        check_key(kind, keyhop_nh_chain(k1, k2, (uint32_t)strtoul(a[3], NULL, 10), out), out, 32, a[4]);
    } else if (strcmp(kind, "kenb_star") == 0 && n == 5) {
        CHECK(unhex_fixed(a[1], k1, 32) == 0, "kenb_star input");
        int rc = keyhop_kenb_star(k1, (uint16_t)strtoul(a[2], NULL, 10),
                                  (uint32_t)strtoul(a[3], NULL, 10), out);
        check_key(kind, rc, out, 32, a[4]);
    } else if (strcmp(kind, "kasme_prime") == 0 && n == 5) {
        CHECK(unhex_fixed(a[1], k1, 16) == 0 && unhex_fixed(a[2], k2, 16) == 0, "kasme_prime input");
        int rc = keyhop_kasme_prime(k1, k2, (uint32_t)strtoul(a[3], NULL, 0), out);
        check_key(kind, rc, out, 32, a[4]);
    } else if (strcmp(kind, "nas_keys") == 0 && n == 6) {
        CHECK(unhex_fixed(a[1], k1, 32) == 0, "nas_keys input");
        int rc = keyhop_nas_keys(k1, (uint8_t)atoi(a[2]), (uint8_t)atoi(a[3]), out, out2);
        CHECK(rc == KEYHOP_OK, "nas_keys: %d", rc);
        check_key("k_nas_enc", rc, out, 16, a[4]);
        check_key("k_nas_int", rc, out2, 16, a[5]);
    } else if (strcmp(kind, "unwrap") == 0 && n == 8) {
        unwrap(a + 1);
    } else {
        fprintf(stderr, "FAIL: unknown vector line %s with %d fields\n", kind, n);
        failures++;
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s VECTORS_FILE\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    static char line[16384];
    while (fgets(line, sizeof line, f) && failures == 0) vector_line(line);
    fclose(f);
    if (failures == 0) error_paths();
    return failures == 0 ? 0 : 1;
}
