"""Regenerates every sample under ingest-samples/ and the truth file. Run: python3 ingest-samples/tools/build_all.py"""
import render_markdown, render_confluence_html, render_confluence_xml, render_gdocs_html, render_gdocs_json, make_docx, render_jsonl, make_truth

render_markdown.main()
render_confluence_html.space_folder(); render_confluence_html.space_zip(); render_confluence_html.word_doc()
render_confluence_xml.main()
render_gdocs_html.main()
render_gdocs_json.main()
make_docx.main()
render_jsonl.main()
make_truth.main()
