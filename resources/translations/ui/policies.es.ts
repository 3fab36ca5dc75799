<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AcknowledgeDialog</name>
    <message>
        <source>Read and acknowledge</source>
        <translation>Leer y confirmar lectura</translation>
    </message>
    <message>
        <source>&amp;Acknowledge</source>
        <translation>&amp;Confirmar lectura</translation>
    </message>
    <message>
        <source>{title} — version {version}</source>
        <translation>{title}: versión {version}</translation>
    </message>
    <message>
        <source>Policy text</source>
        <translation>Texto de la política</translation>
    </message>
    <message>
        <source>Enabled once you have read the text to its end</source>
        <translation>Se habilita cuando haya leído el texto hasta el final</translation>
    </message>
    <message>
        <source>You have read to the end; press Acknowledge to record it.</source>
        <translation>Ha leído hasta el final; pulse Confirmar lectura para registrarlo.</translation>
    </message>
    <message>
        <source>Read the text to its end to acknowledge it.</source>
        <translation>Lea el texto hasta el final para confirmar su lectura.</translation>
    </message>
</context>
<context>
    <name>MyPoliciesBox</name>
    <message>
        <source>Policies</source>
        <translation>Políticas</translation>
    </message>
    <message>
        <source>Your policies</source>
        <translation>Sus políticas</translation>
    </message>
    <message>
        <source>The clinic policies you need to read and acknowledge</source>
        <translation>Las políticas de la clínica que debe leer y cuya lectura debe confirmar</translation>
    </message>
    <message>
        <source>Read and ac&amp;knowledge…</source>
        <translation>Leer y con&amp;firmar lectura…</translation>
    </message>
    <message numerus="yes">
        <source>%n to read and acknowledge.</source>
        <translation>
            <numerusform>%n por leer y confirmar.</numerusform>
            <numerusform>%n por leer y confirmar.</numerusform>
        </translation>
    </message>
    <message>
        <source>You have acknowledged every policy that applies to you.</source>
        <translation>Ha confirmado la lectura de todas las políticas que le corresponden.</translation>
    </message>
    <message>
        <source>No policy applies to you today.</source>
        <translation>Hoy no le corresponde ninguna política.</translation>
    </message>
    <message>
        <source>Acknowledged: {title}, version {version}.</source>
        <translation>Lectura confirmada: {title}, versión {version}.</translation>
    </message>
</context>
<context>
    <name>MyPoliciesModel</name>
    <message>
        <source>Policy</source>
        <translation>Política</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
</context>
<context>
    <name>OverviewTableModel</name>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Job roles</source>
        <translation>Funciones</translation>
    </message>
</context>
<context>
    <name>Policies</name>
    <message>
        <source>{state} {day} (late)</source>
        <translation>{state} el {day} (con retraso)</translation>
    </message>
    <message>
        <source>{state} {day}</source>
        <translation>{state} el {day}</translation>
    </message>
    <message>
        <source>{state}, due by {day}</source>
        <translation>{state}, plazo: {day}</translation>
    </message>
    <message>
        <source>{state} by {day}</source>
        <translation>{state}, plazo: {day}</translation>
    </message>
    <message>
        <source>You acknowledged it on {day}.</source>
        <translation>Confirmó su lectura el {day}.</translation>
    </message>
    <message>
        <source>Late: it was to be acknowledged by {day}.</source>
        <translation>Atrasada: debía confirmar su lectura a más tardar el {day}.</translation>
    </message>
    <message>
        <source>Acknowledge it by {day}.</source>
        <translation>Confirme su lectura a más tardar el {day}.</translation>
    </message>
    <message>
        <source>everyone</source>
        <translation>todo el personal</translation>
    </message>
    <message>
        <source>{title} ({id}, version {version})</source>
        <translation>{title} ({id}, versión {version})</translation>
    </message>
    <message>
        <source>For {who}, within {days} days of taking effect (from {day})</source>
        <translation>Para {who}, dentro de los {days} días desde su entrada en vigor (a partir del {day})</translation>
    </message>
</context>
<context>
    <name>PoliciesTab</name>
    <message>
        <source>Filter by name…</source>
        <translation>Filtrar por nombre…</translation>
    </message>
    <message>
        <source>Filter staff by name</source>
        <translation>Filtrar el personal por nombre</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>A la fecha</translation>
    </message>
    <message>
        <source>Show acknowledgements as they stood on this day</source>
        <translation>Mostrar las confirmaciones de lectura tal como estaban en este día</translation>
    </message>
    <message>
        <source>&amp;As of:</source>
        <translation>&amp;A la fecha:</translation>
    </message>
    <message>
        <source>Policy acknowledgements</source>
        <translation>Confirmaciones de lectura de políticas</translation>
    </message>
    <message>
        <source>Who has acknowledged each policy and who still has to</source>
        <translation>Quién ha confirmado la lectura de cada política y quién todavía no</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>Exportar &amp;CSV…</translation>
    </message>
    <message>
        <source>&amp;PDF…</source>
        <translation>&amp;PDF…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message numerus="yes">
        <source>%n people as of {day}</source>
        <translation>
            <numerusform>%n persona al {day}</numerusform>
            <numerusform>%n personas al {day}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved {path} (%n people)</source>
        <translation>
            <numerusform>Se guardó {path} (%n persona)</numerusform>
            <numerusform>Se guardó {path} (%n personas)</numerusform>
        </translation>
    </message>
    <message>
        <source>{title}: {ack} acknowledged, {due} due, {late} late</source>
        <translation>{title}: confirmadas {ack}, pendientes {due}, atrasadas {late}</translation>
    </message>
    <message>
        <source>No policy is in force on this day.</source>
        <translation>Ninguna política está en vigor en este día.</translation>
    </message>
    <message>
        <source>Save the policy acknowledgements as a spreadsheet</source>
        <translation>Guardar las confirmaciones de lectura como hoja de cálculo</translation>
    </message>
    <message>
        <source>Save the policy acknowledgements as a PDF</source>
        <translation>Guardar las confirmaciones de lectura como PDF</translation>
    </message>
    <message>
        <source>Exporting the policy acknowledgements…</source>
        <translation>Exportando las confirmaciones de lectura…</translation>
    </message>
</context>
<context>
    <name>PolicyState</name>
    <message>
        <source>Acknowledged</source>
        <translation>Leída</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>Atrasada</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n/a</translation>
    </message>
</context>
</TS>
