// The Node `openai` SDK against the bridge's Responses API (run by tests/bridge/test_bridge_responses_node.py):
// responses.create, responses.stream, and a function-tool loop continued with previous_response_id.
// Prints one JSON object with what the SDK returned.
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.env.BRIDGE_URL + "/v1", apiKey: "unused", maxRetries: 0 });
const out = {};

const created = await client.responses.create({ model: "gpt-test", input: "Hello from Node", instructions: "Be kind." });
out.created = { id: created.id, status: created.status, text: created.output_text, usage: created.usage };

const stream = client.responses.stream({ model: "gpt-test", input: "Stream please" });
const kinds = [];
let deltas = "";
for await (const event of stream) {
  kinds.push(event.type);
  if (event.type === "response.output_text.delta") deltas += event.delta;
}
const final = await stream.finalResponse();
out.streamed = { kinds, deltas, text: final.output_text, status: final.status };

const tools = [
  { type: "function", name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
];
const first = await client.responses.create({ model: "gpt-test", input: "Weather in Oslo?", tools });
const call = first.output.find((o) => o.type === "function_call");
const second = await client.responses.create({
  model: "gpt-test",
  previous_response_id: first.id,
  tools,
  input: [{ type: "function_call_output", call_id: call.call_id, output: '{"temp":3}' }],
});
out.tools = { name: call.name, args: JSON.parse(call.arguments), answer: second.output_text };
console.log(JSON.stringify(out));
