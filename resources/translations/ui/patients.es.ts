<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import patients</source>
        <translation>Importar pacientes</translation>
    </message>
    <message>
        <source>Choose FHIR R4 files (Bundles, single resources or Bulk Data NDJSON) or folders holding them. Preview shows what would change without writing anything; Import writes each file whole or not at all.</source>
        <translation>Elija archivos FHIR R4 (Bundles, recursos sueltos o NDJSON de Bulk Data) o carpetas que los contengan. Vista previa muestra lo que cambiaría sin escribir nada; Importar escribe cada archivo completo o nada de él.</translation>
    </message>
    <message>
        <source>Files and folders to import</source>
        <translation>Archivos y carpetas para importar</translation>
    </message>
    <message>
        <source>The FHIR and CSV files, and folders of them, that the import reads</source>
        <translation>Los archivos FHIR y CSV, y las carpetas que los contienen, que lee la importación</translation>
    </message>
    <message>
        <source>Add &amp;files…</source>
        <translation>Agregar &amp;archivos…</translation>
    </message>
    <message>
        <source>Add f&amp;older…</source>
        <translation>Agregar &amp;carpeta…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Quitar</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>&amp;Vista previa</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importar</translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation>Cancelar la importación</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>Progreso de la importación</translation>
    </message>
    <message>
        <source>Import report</source>
        <translation>Informe de la importación</translation>
    </message>
    <message>
        <source>What the trial run or the import found, row by row</source>
        <translation>Lo que encontró la vista previa o la importación, fila por fila</translation>
    </message>
    <message>
        <source>FHIR files to import</source>
        <translation>Archivos FHIR para importar</translation>
    </message>
    <message>
        <source>FHIR JSON and NDJSON (*.json *.ndjson *.jsonl);;All files (*)</source>
        <translation>FHIR JSON y NDJSON (*.json *.ndjson *.jsonl);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Folder to import</source>
        <translation>Carpeta para importar</translation>
    </message>
    <message>
        <source>Cancelling after the current batch…</source>
        <translation>Cancelando después del lote actual…</translation>
    </message>
    <message>
        <source>Previewing…</source>
        <translation>Preparando la vista previa…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importando…</translation>
    </message>
    <message>
        <source>File {done} of {total}: {name}</source>
        <translation>Archivo {done} de {total}: {name}</translation>
    </message>
    <message>
        <source>Files not imported:</source>
        <translation>Archivos no importados:</translation>
    </message>
    <message>
        <source>Skipped:</source>
        <translation>Omitidos:</translation>
    </message>
    <message>
        <source>Imported with a note:</source>
        <translation>Importados con una nota:</translation>
    </message>
    <message>
        <source>Patient problems:</source>
        <translation>Problemas con pacientes:</translation>
    </message>
</context>
</TS>
