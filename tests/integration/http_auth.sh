#!/usr/bin/env bash
# scrape and promql sources that must log in: a bearer token from a file
# (read again at each poll), extra headers, basic auth (from the layout or
# the URL), a private CA, mutual TLS and insecure_skip_verify, against a
# loopback server (auth_server.py) that refuses anything else. Refusals are
# one line that names the file or the status and never shows a secret.
source "$(dirname "$0")/common.bash"
command -v openssl >/dev/null || fail "needs openssl (tools/setup --test installs it)"

# A private CA, a server certificate for 127.0.0.1 and a client certificate.
pki=$SCRATCH/pki
mkdir -p "$pki"
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
key "$pki/ca.key"
openssl req -x509 -new -key "$pki/ca.key" -out "$pki/ca.pem" -days 2 -subj "/CN=MAGI test CA" \
  2>/dev/null
for who in server client; do
  key "$pki/$who.key"
  openssl req -new -key "$pki/$who.key" -out "$pki/$who.csr" -subj "/CN=magi-$who" 2>/dev/null
  if [[ $who == server ]]; then ext="subjectAltName=IP:127.0.0.1"; else ext="extendedKeyUsage=clientAuth"; fi
  openssl x509 -req -in "$pki/$who.csr" -CA "$pki/ca.pem" -CAkey "$pki/ca.key" -CAcreateserial \
    -out "$pki/$who.pem" -days 2 -extfile <(echo "$ext") 2>/dev/null
done

pf=$SCRATCH/auth.port
"$PY" "$HELPERS/auth_server.py" "$pf" "$pki/server.pem" "$pki/server.key" "$pki/ca.pem" \
  >"$SCRATCH/auth.log" 2>&1 &
PIDS+=($!)
for ((i = 0; i < 100; i++)); do [[ -s $pf ]] && break; sleep 0.05; done
[[ -s $pf ]] || { cat "$SCRATCH/auth.log" >&2; fail "auth server did not start"; }
read -r HTTP_PORT HTTPS_PORT MTLS_PORT <"$pf"
base=http://127.0.0.1:$HTTP_PORT

# Secrets beside the layout, named relative to it.
dir=$SCRATCH/layouts
mkdir -p "$dir"
printf '  s3cret-token \n' >"$dir/token"
printf 'pa ss:word\n' >"$dir/password"
printf 'wrong\n' >"$dir/wrong"

# layout NAME SOURCE-GROUP-BODY: a one-widget layout reading auth_ok.
layout() {
  cat >"$dir/$1.cfg" <<CFG
sources = ( { $2 } );
panels = ( { rect = [0.0, 0.0, 1.0, 1.0];
             widgets = ( { type = "readout"; value = "auth_ok"; } ); } );
CFG
}

# ok NAME: the layout's source answers.
ok() {
  run_magi "$SCRATCH/out" "$SCRATCH/err" --list-metrics --layout "$dir/$1.cfg"
  [[ $RC -eq 0 ]] || fail "$1: exit $RC: $(cat "$SCRATCH/err")"
  grep -q '^auth_ok{' "$SCRATCH/out" || { cat "$SCRATCH/out" >&2; fail "$1: no auth_ok"; }
  echo "ok: $1"
}

# refused NAME MESSAGE: exit 1 and the one line "magi: source: ...MESSAGE".
refused() {
  run_magi "$SCRATCH/out" "$SCRATCH/err" --list-metrics --layout "$dir/$1.cfg"
  [[ $RC -eq 1 ]] || fail "$1: exit $RC, want 1"
  [[ $(wc -l <"$SCRATCH/err") -eq 1 ]] || { cat "$SCRATCH/err" >&2; fail "$1: want one line"; }
  grep -qF -- "$2" "$SCRATCH/err" || { cat "$SCRATCH/err" >&2; fail "$1: want \"$2\""; }
  if grep -qE 's3cret|pa ss:word' "$SCRATCH/err"; then fail "$1: a secret in the log"; fi
  echo "ok: $1 refused: $(cat "$SCRATCH/err")"
}

# --- bearer token and headers
layout bearer "spec = \"scrape:$base/bearer\"; bearer_token_file = \"token\";
               headers = [\"X-Scope-OrgID: team-a\"];"
ok bearer
layout bearer_noheader "spec = \"scrape:$base/bearer\"; bearer_token_file = \"token\";"
refused bearer_noheader "HTTP status 401: missing or wrong bearer token"
layout bearer_nofile "spec = \"scrape:$base/bearer\"; bearer_token_file = \"nope\";
                      headers = [\"X-Scope-OrgID: team-a\"];"
refused bearer_nofile "cannot read bearer_token_file $dir/nope: No such file or directory"
: >"$dir/empty"
layout bearer_empty "spec = \"scrape:$base/bearer\"; bearer_token_file = \"$dir/empty\";"
refused bearer_empty "bearer_token_file $dir/empty is empty"

# The token file is read at each poll: a rotated token is used at once.
printf 'old-token\n' >"$dir/rotating"
layout rotating "spec = \"scrape:$base/bearer\"; bearer_token_file = \"rotating\";
                 headers = [\"X-Scope-OrgID: team-a\"];"
refused rotating "HTTP status 401"
printf 's3cret-token\n' >"$dir/rotating"
ok rotating

# --- basic auth: from the layout, then in the URL
layout basic "spec = \"scrape:$base/basic\"; username = \"magi\"; password_file = \"password\";"
ok basic
layout basic_wrong "spec = \"scrape:$base/basic\"; username = \"magi\"; password_file = \"wrong\";"
refused basic_wrong "HTTP status 401: Unauthorized"
run_magi "$SCRATCH/out" "$SCRATCH/err" --list-metrics \
  --source "scrape:http://magi:pa%20ss%3Aword@127.0.0.1:$HTTP_PORT/basic"
[[ $RC -eq 0 ]] || fail "URL credentials: exit $RC: $(cat "$SCRATCH/err")"
expect_line "$SCRATCH/out" "auth_ok{instance=\"127.0.0.1:$HTTP_PORT\"} 1"
# a failing source is named without its password
run_magi "$SCRATCH/out" "$SCRATCH/err" --list-metrics \
  --source "scrape:http://magi:pa%20ss%3Awrong@127.0.0.1:$HTTP_PORT/basic"
expect_line "$SCRATCH/err" \
  "magi: source: scrape:http://magi:***@127.0.0.1:$HTTP_PORT/basic: HTTP status 401: Unauthorized"
echo "ok: credentials in the URL, and hidden in the error"

# --- promql with a token: the query API and its back-fill
layout promql "spec = \"promql:$base/api/v1/query?query=auth_up\"; bearer_token_file = \"token\";
               headers = [\"X-Scope-OrgID: team-a\"];"
run_magi "$SCRATCH/out" "$SCRATCH/err" --list-metrics --layout "$dir/promql.cfg"
[[ $RC -eq 0 ]] || fail "promql: exit $RC: $(cat "$SCRATCH/err")"
expect_line "$SCRATCH/out" 'auth_up{job="node"} 1'
echo "ok: promql"
layout promql_notoken "spec = \"promql:$base/api/v1/query?query=auth_up\";"
refused promql_notoken "unauthorized: no valid token"

# --- TLS: a private CA, mutual TLS, and not checking at all
tls=https://127.0.0.1:$HTTPS_PORT/metrics
layout tls_unknown_ca "spec = \"scrape:$tls\";"
refused tls_unknown_ca "certificate"
layout tls_ca "spec = \"scrape:$tls\"; ca_file = \"$pki/ca.pem\";"
ok tls_ca
layout tls_insecure "spec = \"scrape:$tls\"; insecure_skip_verify = true;"
ok tls_insecure
mtls=https://127.0.0.1:$MTLS_PORT/metrics
layout mtls_nocert "spec = \"scrape:$mtls\"; ca_file = \"$pki/ca.pem\";"
# TLS 1.3 refuses a missing client certificate after the handshake: the
# client reads the server's alert ("wants a client certificate") or, when the
# server has already hung up, cannot send the request ("closed the TLS
# connection (does it want a client certificate? ...)"), by chance.
refused mtls_nocert "client certificate"
layout mtls "spec = \"scrape:$mtls\"; ca_file = \"$pki/ca.pem\"; cert_file = \"$pki/client.pem\";
             key_file = \"$pki/client.key\";"
ok mtls
layout mtls_nokey "spec = \"scrape:$mtls\"; ca_file = \"$pki/ca.pem\"; cert_file = \"$pki/client.pem\";
                   key_file = \"$pki/nope.key\";"
refused mtls_nokey "key"

# --- the layout refuses what cannot work, with file:line
check() {
  layout "$1" "$2"
  run_magi "$SCRATCH/out" "$SCRATCH/err" --check-config "$dir/$1.cfg"
  [[ $RC -eq 2 ]] || fail "$1: exit $RC, want 2"
  grep -qF -- "$dir/$1.cfg:1: $3" "$SCRATCH/err" || { cat "$SCRATCH/err" >&2; fail "$1: want \"$3\""; }
  echo "ok: $1: $3"
}
check bad_header "spec = \"scrape:$base/bearer\"; headers = [\"X Bad: 1\"];" \
  "headers entry 1: a header is written \"Name: value\""
check header_newline "spec = \"scrape:$base/bearer\"; headers = [\"X-A: 1\\r\\nX-B: 2\"];" \
  "headers entry 1: a header value cannot hold control characters"
check both_logins "spec = \"scrape:$base/bearer\"; bearer_token_file = \"token\"; username = \"u\";" \
  "give 'bearer_token_file' or 'username', not both"
check key_alone "spec = \"scrape:$base/bearer\"; key_file = \"k\";" "'key_file' needs 'cert_file'"
check not_http "spec = \"linux\"; bearer_token_file = \"token\";" \
  "'headers', 'bearer_token_file' and the TLS keys only apply to scrape and promql sources"
echo "all authentication cases passed"
