"""The Gradio web app: a thin layer over ic_assistant's public API."""
