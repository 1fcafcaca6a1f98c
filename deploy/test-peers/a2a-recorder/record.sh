#!/usr/bin/env bash
# Re-records agent-service's A2A fixtures (agent-service/src/test/resources/a2a) from the official
# SDK's servers: server-v1.mjs (@a2a-js/sdk 1.3.0, v1.0 with its v0.3 layer) and server-v03.mjs
# (@a2a-js/sdk 0.3.14, a v0.3-era server). Needs curl and node; run from anywhere:
#   (cd deploy/test-peers/a2a-recorder && npm ci && ./record.sh)
# Ids, timestamps and ports differ on every run; the tests rewrite the recorded URL to WireMock's.
set -euo pipefail
cd "$(dirname "$0")"
out=../../../agent-service/src/test/resources/a2a
v1=41241
v03=41242
token=recorder-token
mkdir -p "$out/v1" "$out/v03"

node server-v1.mjs $v1 & pid1=$!
node server-v03.mjs $v03 & pid2=$!
trap 'kill $pid1 $pid2 2>/dev/null' EXIT
for port in $v1 $v03; do
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/.well-known/agent-card.json" -H 'A2A-Version: 1.0' >/dev/null && break; sleep 0.1; done
done

card() { # port, header value or "", file
  if [ -n "$2" ]; then curl -sf "http://127.0.0.1:$1/.well-known/agent-card.json" -H "A2A-Version: $2"
  else curl -sf "http://127.0.0.1:$1/.well-known/agent-card.json"; fi | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.stringify(JSON.parse(s),null,2)))' > "$3"
}
card $v1 1.0 "$out/v1/agent-card.json"
card $v1 "" "$out/v1/agent-card-v03-view.json"
card $v03 "" "$out/v03/agent-card.json"

v1_request() { # method, text, id
  printf '{"jsonrpc":"2.0","id":%s,"method":"%s","params":{"message":{"messageId":"m-%s","role":"ROLE_USER","parts":[{"text":"%s"}]}}}' "$3" "$1" "$3" "$2"
}
v03_request() {
  printf '{"jsonrpc":"2.0","id":%s,"method":"%s","params":{"message":{"kind":"message","messageId":"m-%s","role":"user","parts":[{"kind":"text","text":"%s"}]}}}' "$3" "$1" "$3" "$2"
}
# exchange port, version header or "", request body, file stem, streamed?
exchange() {
  local accept=application/json ext=json
  if [ "$5" = stream ]; then accept=text/event-stream; ext=sse; fi
  printf '%s\n' "$3" > "$4.request.json"
  if [ -n "$2" ]; then
    curl -sN "http://127.0.0.1:$1/a2a/jsonrpc" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -H "Accept: $accept" -H "A2A-Version: $2" -d "$3" > "$4.response.$ext"
  else
    curl -sN "http://127.0.0.1:$1/a2a/jsonrpc" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -H "Accept: $accept" -d "$3" > "$4.response.$ext"
  fi
}

n=1
for outcome in "completed:What is the capital of France?" "message:hello there" "failed:Please fail" "input-required:which capital?"; do
  name=${outcome%%:*}; text=${outcome#*:}
  exchange $v1 1.0 "$(v1_request SendMessage "$text" $n)" "$out/v1/send-$name" send; n=$((n+1))
  exchange $v1 1.0 "$(v1_request SendStreamingMessage "$text" $n)" "$out/v1/stream-$name" stream; n=$((n+1))
  exchange $v03 "" "$(v03_request message/send "$text" $n)" "$out/v03/send-$name" send; n=$((n+1))
  exchange $v03 "" "$(v03_request message/stream "$text" $n)" "$out/v03/stream-$name" stream; n=$((n+1))
done
# The SDK 1.3.0 server's own v0.3 layer (no A2A-Version header), to compare with the v0.3-era server.
exchange $v1 "" "$(v03_request message/send "What is the capital of France?" $n)" "$out/v03/sdk13-send-completed" send; n=$((n+1))
exchange $v1 "" "$(v03_request message/stream "What is the capital of France?" $n)" "$out/v03/sdk13-stream-completed" stream; n=$((n+1))

# Errors: an unknown task, an unknown method, a finished task cancelled, and no token at all.
exchange $v1 1.0 '{"jsonrpc":"2.0","id":90,"method":"GetTask","params":{"id":"no-such-task"}}' "$out/v1/error-task-not-found" send
exchange $v03 "" '{"jsonrpc":"2.0","id":91,"method":"tasks/get","params":{"id":"no-such-task"}}' "$out/v03/error-task-not-found" send
exchange $v1 1.0 '{"jsonrpc":"2.0","id":92,"method":"NoSuchMethod","params":{}}' "$out/v1/error-method-not-found" send
exchange $v03 "" '{"jsonrpc":"2.0","id":93,"method":"no/such","params":{}}' "$out/v03/error-method-not-found" send
done_v1=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).result.task.id)' "$out/v1/send-completed.response.json")
done_v03=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).result.id)' "$out/v03/send-completed.response.json")
exchange $v1 1.0 "{\"jsonrpc\":\"2.0\",\"id\":94,\"method\":\"CancelTask\",\"params\":{\"id\":\"$done_v1\"}}" "$out/v1/error-not-cancelable" send
exchange $v03 "" "{\"jsonrpc\":\"2.0\",\"id\":95,\"method\":\"tasks/cancel\",\"params\":{\"id\":\"$done_v03\"}}" "$out/v03/error-not-cancelable" send
exchange $v1 1.0 '{"jsonrpc":"2.0","id":96,"method":"SendMessage","params":{}}' "$out/v1/error-invalid-params" send
exchange $v03 "" '{"jsonrpc":"2.0","id":97,"method":"message/send","params":{}}' "$out/v03/error-invalid-params" send
exchange $v1 1.0 "{\"jsonrpc\":\"2.0\",\"id\":98,\"method\":\"GetTask\",\"params\":{\"id\":\"$done_v1\"}}" "$out/v1/get-completed" send
exchange $v03 "" "{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"tasks/get\",\"params\":{\"id\":\"$done_v03\"}}" "$out/v03/get-completed" send
echo "recorded into $out"
