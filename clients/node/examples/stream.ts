// Streams one answer from llmrouter and prints who served it.
//
//   node dist/examples/stream.js [model] [prompt]
//
// LLMROUTER_ADDRESS (default 127.0.0.1:50051) and LLMROUTER_API_KEY choose the server and the key.
import { Client, LLMRouterError } from "../src";

async function main(): Promise<void> {
  const [model = "tiny-demo", prompt = "Hello"] = process.argv.slice(2);
  const llm = new Client(process.env.LLMROUTER_ADDRESS ?? "127.0.0.1:50051", {
    apiKey: process.env.LLMROUTER_API_KEY,
    timeoutMs: 60_000,
  });
  try {
    const messages = [{ role: "user" as const, content: prompt }];
    for await (const msg of llm.streamChat({ model, messages, generation: { maxTokens: 16 } })) {
      if (msg.event === "delta") {
        process.stdout.write(msg.delta!.text);
      } else {
        const s = msg.summary!;
        console.log(`\n[${s.finishReason}, ${s.usage!.completionTokens} tokens, served by ${s.servedBy!.provider}]`);
      }
    }
  } catch (err) {
    if (!(err instanceof LLMRouterError)) {
      throw err;
    }
    console.error(`${err.codeName} ${err.reason}: ${err.message}`);
    process.exitCode = 1;
  } finally {
    llm.close();
  }
}

void main();
