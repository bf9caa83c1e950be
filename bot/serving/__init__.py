"""The serving layer: the API, the Gradio UI, the gate in front of them (keys, sessions, origin),
uploads, the writer queue and who-added-what. It answers through bot.service.Planbot."""
