"""The OpenAI Responses API (https://platform.openai.com/docs/api-reference/responses) over
ChatService: `request` reads a create request into a StreamChat / Chat request, `format`
writes the response object and the streamed events."""
