<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import patients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose FHIR R4 files (Bundles, single resources or Bulk Data NDJSON) or folders holding them. Preview shows what would change without writing anything; Import writes each file whole or not at all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files and folders to import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add f&amp;older…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FHIR files to import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FHIR JSON and NDJSON (*.json *.ndjson *.jsonl);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder to import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling after the current batch…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previewing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File {done} of {total}: {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
