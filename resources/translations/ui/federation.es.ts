<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to the federation</source>
        <translation>Conectar con la federación</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Conectar</translation>
    </message>
    <message>
        <source>Use the details the federation gave this clinic. The key is checked with the hub first and then kept in this computer&apos;s keyring, never in a file.</source>
        <translation>Use los datos que la federación le dio a esta clínica. La clave se comprueba primero con el servidor de la federación y luego se guarda en el llavero de esta computadora, nunca en un archivo.</translation>
    </message>
    <message>
        <source>&amp;Hub address:</source>
        <translation>&amp;Dirección del servidor:</translation>
    </message>
    <message>
        <source>&amp;Clinic id:</source>
        <translation>&amp;Id. de la clínica:</translation>
    </message>
    <message>
        <source>&amp;API key:</source>
        <translation>Clave de &amp;API:</translation>
    </message>
    <message>
        <source>Certificate &amp;file:</source>
        <translation>Archivo de ce&amp;rtificado:</translation>
    </message>
    <message>
        <source>The web address of the federation hub, from the federation</source>
        <translation>La dirección web del servidor de la federación, que le da la federación</translation>
    </message>
    <message>
        <source>This clinic&apos;s id at the federation</source>
        <translation>El identificador de esta clínica en la federación</translation>
    </message>
    <message>
        <source>The secret key the federation gave this clinic; it is kept in the system keyring</source>
        <translation>La clave secreta que la federación le dio a esta clínica; se guarda en el llavero del sistema</translation>
    </message>
    <message>
        <source>Only if the federation says so: its certificate file</source>
        <translation>Solo si la federación lo indica: su archivo de certificado</translation>
    </message>
    <message>
        <source>only if the federation gave you one</source>
        <translation>solo si la federación le dio uno</translation>
    </message>
    <message>
        <source>A federation with its own certificate authority gives you its certificate (.pem or .crt). Leave empty to trust the usual authorities.</source>
        <translation>Una federación con su propia autoridad de certificación le da su certificado (.pem o .crt). Déjelo vacío para confiar en las autoridades habituales.</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>E&amp;xaminar…</translation>
    </message>
    <message>
        <source>Choose the certificate file</source>
        <translation>Elija el archivo de certificado</translation>
    </message>
    <message>
        <source>The federation&apos;s certificate file</source>
        <translation>El archivo de certificado de la federación</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Certificados (*.pem *.crt *.cer);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Give the hub&apos;s address.</source>
        <translation>Indique la dirección del servidor de la federación.</translation>
    </message>
    <message>
        <source>Paste the API key.</source>
        <translation>Pegue la clave de API.</translation>
    </message>
</context>
<context>
    <name>ConnectionTab</name>
    <message>
        <source>Hub address</source>
        <translation>Dirección del servidor</translation>
    </message>
    <message>
        <source>Clinic id</source>
        <translation>Identificador de la clínica</translation>
    </message>
    <message>
        <source>Standards</source>
        <translation>Estándares</translation>
    </message>
    <message>
        <source>Courses</source>
        <translation>Cursos</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Bandeja de salida</translation>
    </message>
    <message>
        <source>Test result</source>
        <translation>Resultado de la prueba</translation>
    </message>
    <message>
        <source>Hub:</source>
        <translation>Servidor:</translation>
    </message>
    <message>
        <source>Clinic id:</source>
        <translation>Identificador de la clínica:</translation>
    </message>
    <message>
        <source>Standards:</source>
        <translation>Estándares:</translation>
    </message>
    <message>
        <source>Courses:</source>
        <translation>Cursos:</translation>
    </message>
    <message>
        <source>Outbox:</source>
        <translation>Bandeja de salida:</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Probar la conexión</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Probar la conexión</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Conectar…</translation>
    </message>
    <message>
        <source>Connect to the federation</source>
        <translation>Conectar con la federación</translation>
    </message>
    <message>
        <source>&amp;Disconnect…</source>
        <translation>&amp;Desconectar…</translation>
    </message>
    <message>
        <source>Disconnect from the federation</source>
        <translation>Desconectar de la federación</translation>
    </message>
    <message>
        <source>never synced</source>
        <translation>nunca sincronizado</translation>
    </message>
    <message>
        <source>last synced {time}</source>
        <translation>última sincronización: {time}</translation>
    </message>
    <message>
        <source>never synced successfully</source>
        <translation>nunca se sincronizó correctamente</translation>
    </message>
    <message>
        <source>; last error {time}: {error}</source>
        <translation>; último error {time}: {error}</translation>
    </message>
    <message>
        <source>Change &amp;connection…</source>
        <translation>Cambiar la &amp;conexión…</translation>
    </message>
    <message>
        <source>Not connected to a federation</source>
        <translation>Sin conexión con una federación</translation>
    </message>
    <message>
        <source>{waiting} waiting, {dead} stopped, {sent} sent</source>
        <translation>en espera: {waiting}, detenidos: {dead}, enviados: {sent}</translation>
    </message>
    <message>
        <source>Asking the hub…</source>
        <translation>Consultando al servidor de la federación…</translation>
    </message>
    <message>
        <source>The hub knows this clinic as “{name}” ({id}).</source>
        <translation>El servidor de la federación conoce a esta clínica como «{name}» ({id}).</translation>
    </message>
    <message>
        <source>Connection works</source>
        <translation>La conexión funciona</translation>
    </message>
    <message>
        <source>The test failed: {error}</source>
        <translation>La prueba falló: {error}</translation>
    </message>
    <message>
        <source>This clinic is connected to {hub} as “{name}” ({id}).</source>
        <translation>Esta clínica está conectada a {hub} como «{name}» ({id}).</translation>
    </message>
    <message>
        <source>Disconnected from {hub}.</source>
        <translation>Se desconectó de {hub}.</translation>
    </message>
</context>
<context>
    <name>CoursesTab</name>
    <message>
        <source>Courses</source>
        <translation>Cursos</translation>
    </message>
    <message>
        <source>Course versions received from the federation</source>
        <translation>Versiones de cursos recibidas de la federación</translation>
    </message>
    <message>
        <source>Filter courses…</source>
        <translation>Filtrar cursos…</translation>
    </message>
    <message>
        <source>Filter courses</source>
        <translation>Filtrar cursos</translation>
    </message>
    <message>
        <source>O&amp;pen</source>
        <translation>&amp;Abrir</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Open a downloaded course to read it here.</source>
        <translation>Abra un curso descargado para leerlo aquí.</translation>
    </message>
    <message>
        <source>Course sections</source>
        <translation>Secciones del curso</translation>
    </message>
    <message>
        <source>The sections of the chosen course, in reading order</source>
        <translation>Las secciones del curso elegido, en orden de lectura</translation>
    </message>
    <message>
        <source>Course section text</source>
        <translation>Texto de la sección del curso</translation>
    </message>
    <message>
        <source>The text of the chosen course section</source>
        <translation>El texto de la sección del curso elegida</translation>
    </message>
    <message>
        <source>Version {version} of the course {course} is not downloaded yet.</source>
        <translation>La versión {version} del curso {course} aún no se ha descargado.</translation>
    </message>
    <message>
        <source>Sync with the federation (F9) to download it.</source>
        <translation>Sincronice con la federación (F9) para descargarla.</translation>
    </message>
    <message>
        <source>{title} (version {version}, about {minutes} minutes)</source>
        <translation>{title} (versión {version}, unos {minutes} minutos)</translation>
    </message>
</context>
<context>
    <name>CoursesTableModel</name>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>Curso</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Minutos</translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation>Descargado</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>DiscardDialog</name>
    <message>
        <source>Discard message</source>
        <translation>Descartar mensaje</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Descartar</translation>
    </message>
    <message>
        <source>The {kind} message for “{aggregate}” will never be sent to the federation. Say why, for the audit trail.</source>
        <translation>El mensaje ({kind}) de «{aggregate}» nunca se enviará a la federación. Indique por qué, para el registro de auditoría.</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
</context>
<context>
    <name>DisconnectDialog</name>
    <message>
        <source>Disconnect from the federation</source>
        <translation>Desconectar de la federación</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Desconectar</translation>
    </message>
    <message>
        <source>Disconnect this clinic from {hub}? Standards and courses already received stay; reports waiting to go out stay in the outbox and go out once the clinic is connected again. The API key is removed from this computer.</source>
        <translation>¿Desconectar esta clínica de {hub}? Los estándares y cursos ya recibidos se conservan; los informes pendientes de envío se quedan en la bandeja de salida y se enviarán cuando la clínica vuelva a conectarse. La clave de API se elimina de esta computadora.</translation>
    </message>
</context>
<context>
    <name>FederationView</name>
    <message>
        <source>Federation</source>
        <translation>Federación</translation>
    </message>
    <message>
        <source>&amp;Standards</source>
        <translation>&amp;Estándares</translation>
    </message>
    <message>
        <source>&amp;Outbox</source>
        <translation>&amp;Bandeja de salida</translation>
    </message>
    <message>
        <source>Co&amp;urses</source>
        <translation>C&amp;ursos</translation>
    </message>
    <message>
        <source>Co&amp;nnection</source>
        <translation>Co&amp;nexión</translation>
    </message>
</context>
<context>
    <name>OutboxKind</name>
    <message>
        <source>Monthly contribution</source>
        <translation>Cuota mensual</translation>
    </message>
    <message>
        <source>Training completions</source>
        <translation>Capacitaciones completadas</translation>
    </message>
    <message>
        <source>Policy acknowledgements</source>
        <translation>Confirmaciones de lectura de políticas</translation>
    </message>
</context>
<context>
    <name>OutboxTab</name>
    <message>
        <source>Outbox messages</source>
        <translation>Mensajes de la bandeja de salida</translation>
    </message>
    <message>
        <source>Messages for the federation and whether each was sent</source>
        <translation>Mensajes para la federación y si cada uno se envió</translation>
    </message>
    <message>
        <source>Filter messages…</source>
        <translation>Filtrar mensajes…</translation>
    </message>
    <message>
        <source>Filter outbox messages</source>
        <translation>Filtrar los mensajes de la bandeja de salida</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Reintentar</translation>
    </message>
    <message>
        <source>&amp;Discard…</source>
        <translation>&amp;Descartar…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Only a manager or an administrator can retry or discard messages.</source>
        <translation>Solo un gerente o un administrador puede reintentar o descartar mensajes.</translation>
    </message>
    <message>
        <source>{n} messages: {waiting} waiting, {stuck} need attention</source>
        <translation>Mensajes: {n} (en espera: {waiting}; requieren atención: {stuck})</translation>
    </message>
</context>
<context>
    <name>OutboxTableModel</name>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Aggregate</source>
        <translation>Elemento</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Intentos</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>Próximo intento</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Último error</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>En espera</translation>
    </message>
    <message>
        <source>Failed, will retry</source>
        <translation>Falló, se reintentará</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Detenido</translation>
    </message>
    <message>
        <source>Discarded</source>
        <translation>Descartado</translation>
    </message>
    <message>
        <source>Gave up after repeated failures: retry it or discard it.</source>
        <translation>Se abandonó tras varios fallos: reinténtelo o descártelo.</translation>
    </message>
    <message>
        <source>Discarded: {reason}</source>
        <translation>Descartado: {reason}</translation>
    </message>
</context>
<context>
    <name>StandardRule</name>
    <message>
        <source>Care gap</source>
        <translation>Brecha de atención</translation>
    </message>
    <message>
        <source>Training requirement</source>
        <translation>Requisito de capacitación</translation>
    </message>
    <message>
        <source>Contribution rate</source>
        <translation>Tasa de cuota</translation>
    </message>
    <message>
        <source>Fund allocation</source>
        <translation>Distribución del fondo</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Política</translation>
    </message>
    <message>
        <source>Patients aged {low} to {high}</source>
        <translation>Pacientes de {low} a {high} años</translation>
    </message>
    <message>
        <source>Patients aged {low} or more</source>
        <translation>Pacientes de {low} años o más</translation>
    </message>
    <message>
        <source>Patients aged up to {high}</source>
        <translation>Pacientes de hasta {high} años</translation>
    </message>
    <message>
        <source>Patients of any age</source>
        <translation>Pacientes de cualquier edad</translation>
    </message>
    <message>
        <source> (sex: {sex})</source>
        <translation> (sexo: {sex})</translation>
    </message>
    <message>
        <source> with {conditions}</source>
        <translation> con {conditions}</translation>
    </message>
    <message>
        <source>Closed by: {label}</source>
        <translation>Se cierra con: {label}</translation>
    </message>
    <message>
        <source>, within the last {n} months</source>
        <translation>, en los últimos {n} meses</translation>
    </message>
    <message>
        <source>, with a result {cmp} {value} {unit}</source>
        <translation>, con un resultado {cmp} {value} {unit}</translation>
    </message>
    <message>
        <source>Not counted: {label}</source>
        <translation>No se cuenta: {label}</translation>
    </message>
    <message>
        <source> (in the last {n} months)</source>
        <translation> (en los últimos {n} meses)</translation>
    </message>
    <message>
        <source>Shown as due soon {n} days ahead.</source>
        <translation>Se muestra como próxima a vencer con {n} días de anticipación.</translation>
    </message>
    <message>
        <source>Staff with the roles {roles} complete the course {course} within {days} days</source>
        <translation>El personal con los roles {roles} completa el curso {course} dentro de {days} días</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguno)</translation>
    </message>
    <message>
        <source>, then again every {n} months</source>
        <translation>, y luego de nuevo cada {n} meses</translation>
    </message>
    <message>
        <source>The clinic contributes {rate} of its {categories} revenue.</source>
        <translation>La clínica aporta el {rate} de sus ingresos de {categories} como cuota.</translation>
    </message>
    <message>
        <source>Due on day {day} of the following month.</source>
        <translation>Vence el día {day} del mes siguiente.</translation>
    </message>
    <message>
        <source>{part}: {share}</source>
        <translation>{part}: {share}</translation>
    </message>
    <message>
        <source>The fund is shared out as follows: {parts}.</source>
        <translation>El fondo se reparte así: {parts}.</translation>
    </message>
    <message>
        <source>Everyone on staff reads and acknowledges it within {days} days.</source>
        <translation>Todo el personal la lee y confirma su lectura dentro de {days} días.</translation>
    </message>
    <message>
        <source>Staff with the roles {roles} read and acknowledge it within {days} days.</source>
        <translation>El personal con los roles {roles} la lee y confirma su lectura dentro de {days} días.</translation>
    </message>
    <message>
        <source>There is no rule for ClinicDesk to apply; the text says what to do.</source>
        <translation>No hay una regla que ClinicDesk deba aplicar; el texto indica qué hacer.</translation>
    </message>
    <message>
        <source>This rule cannot be summarised; its full form is in the changes view.</source>
        <translation>Esta regla no se puede resumir; su forma completa está en la vista de cambios.</translation>
    </message>
    <message>
        <source>{id} version {version}</source>
        <translation>{id} versión {version}</translation>
    </message>
    <message>
        <source>title</source>
        <translation>título</translation>
    </message>
    <message>
        <source>body</source>
        <translation>texto</translation>
    </message>
    <message>
        <source>rule</source>
        <translation>regla</translation>
    </message>
    <message>
        <source>in force</source>
        <translation>vigencia</translation>
    </message>
</context>
<context>
    <name>StandardsTab</name>
    <message>
        <source>Standards</source>
        <translation>Estándares</translation>
    </message>
    <message>
        <source>Standards received from the federation, with their kind and version</source>
        <translation>Estándares recibidos de la federación, con su tipo y versión</translation>
    </message>
    <message>
        <source>Filter standards…</source>
        <translation>Filtrar estándares…</translation>
    </message>
    <message>
        <source>Filter standards</source>
        <translation>Filtrar estándares</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <source>Which version of the chosen standard to show</source>
        <translation>Qué versión del estándar elegido mostrar</translation>
    </message>
    <message>
        <source>&amp;Version:</source>
        <translation>&amp;Versión:</translation>
    </message>
    <message>
        <source>Standard text</source>
        <translation>Texto del estándar</translation>
    </message>
    <message>
        <source>The full text of the chosen standard version</source>
        <translation>El texto completo de la versión del estándar elegida</translation>
    </message>
    <message>
        <source>Rule in words</source>
        <translation>La regla en palabras</translation>
    </message>
    <message>
        <source>What the standard checks, in plain words</source>
        <translation>Lo que verifica el estándar, en palabras sencillas</translation>
    </message>
    <message>
        <source>Changes from the previous version</source>
        <translation>Cambios respecto de la versión anterior</translation>
    </message>
    <message>
        <source>What changed in the text since the previous version</source>
        <translation>Lo que cambió en el texto desde la versión anterior</translation>
    </message>
    <message>
        <source>Standard details</source>
        <translation>Detalles del estándar</translation>
    </message>
    <message>
        <source>Te&amp;xt</source>
        <translation>Te&amp;xto</translation>
    </message>
    <message>
        <source>Ru&amp;le</source>
        <translation>Re&amp;gla</translation>
    </message>
    <message>
        <source>Chang&amp;es</source>
        <translation>Ca&amp;mbios</translation>
    </message>
    <message>
        <source>Select a standard to read it.</source>
        <translation>Seleccione un estándar para leerlo.</translation>
    </message>
    <message>
        <source>{title} — version {version}, {kind}</source>
        <translation>{title}: versión {version}, {kind}</translation>
    </message>
    <message>
        <source>This is the first version: nothing to compare with.</source>
        <translation>Esta es la primera versión: no hay nada con qué compararla.</translation>
    </message>
    <message>
        <source>Version {old} and version {new} are the same.</source>
        <translation>La versión {old} y la versión {new} son iguales.</translation>
    </message>
    <message numerus="yes">
        <source>%n standards</source>
        <translation>
            <numerusform>%n estándar</numerusform>
            <numerusform>%n estándares</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %n standards</source>
        <translation>
            <numerusform>{shown} de %n estándar</numerusform>
            <numerusform>{shown} de %n estándares</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StandardsTableModel</name>
    <message>
        <source>Id</source>
        <translation>Id.</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <source>Effective from</source>
        <translation>Vigente desde</translation>
    </message>
    <message>
        <source>Effective to</source>
        <translation>Vigente hasta</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versiones</translation>
    </message>
    <message>
        <source>retired {date}</source>
        <translation>retirado el {date}</translation>
    </message>
</context>
</TS>
