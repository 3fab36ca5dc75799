<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>ApproveDialog</name>
    <message>
        <source>Approve member</source>
        <translation>Aprobar socio</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Aprobar</translation>
    </message>
    <message>
        <source>Board &amp;approved on:</source>
        <translation>Aprobado por el &amp;consejo el:</translation>
    </message>
    <message>
        <source>Board &amp;minute:</source>
        <translation>Ac&amp;ta del consejo:</translation>
    </message>
    <message>
        <source>The day the board approved the membership</source>
        <translation>El día en que el consejo aprobó la admisión como socio</translation>
    </message>
    <message>
        <source>The reference of the board minute that approved it</source>
        <translation>La referencia del acta del consejo que la aprobó</translation>
    </message>
</context>
<context>
    <name>DividendDialog</name>
    <message>
        <source>Patronage dividend</source>
        <translation>Retorno cooperativo</translation>
    </message>
    <message>
        <source>&amp;Record dividend</source>
        <translation>&amp;Registrar retorno</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Año</translation>
    </message>
    <message>
        <source>The financial year the dividend is paid for</source>
        <translation>El ejercicio por el que se paga el retorno</translation>
    </message>
    <message>
        <source>&amp;Year:</source>
        <translation>&amp;Año:</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Título:</translation>
    </message>
    <message>
        <source>&amp;Surplus:</source>
        <translation>&amp;Excedente:</translation>
    </message>
    <message>
        <source>Patronage basis</source>
        <translation>Base del retorno</translation>
    </message>
    <message>
        <source>What each member&apos;s share of the dividend is measured by</source>
        <translation>Con qué se mide la parte del retorno de cada socio</translation>
    </message>
    <message>
        <source>&amp;Basis:</source>
        <translation>&amp;Base:</translation>
    </message>
    <message>
        <source>Mi&amp;nimum basis:</source>
        <translation>Base &amp;mínima:</translation>
    </message>
    <message>
        <source>&amp;Declared on:</source>
        <translation>&amp;Declarado el:</translation>
    </message>
    <message>
        <source>&amp;Approval:</source>
        <translation>A&amp;probación:</translation>
    </message>
    <message>
        <source>&amp;Notices PDF:</source>
        <translation>PDF de a&amp;visos:</translation>
    </message>
    <message>
        <source>The name of the dividend on notices and in the ledger</source>
        <translation>El nombre del retorno en los avisos y en el libro de aportaciones</translation>
    </message>
    <message>
        <source>The surplus the board set aside for the dividend, for example 12000.00</source>
        <translation>El excedente que el consejo destinó al retorno, por ejemplo 12000.00</translation>
    </message>
    <message>
        <source>Members whose basis is below this amount receive nothing</source>
        <translation>Los socios cuya base sea inferior a este importe no reciben nada</translation>
    </message>
    <message>
        <source>The day the dividend was declared</source>
        <translation>El día en que se acordó el retorno</translation>
    </message>
    <message>
        <source>The general meeting or board decision that approved it</source>
        <translation>La decisión de la asamblea general o del consejo que lo aprobó</translation>
    </message>
    <message>
        <source>Where to save the PDF of the members&apos; notices (optional)</source>
        <translation>Dónde guardar el PDF de los avisos a los socios (opcional)</translation>
    </message>
    <message>
        <source>optional: a file for the members&apos; notices</source>
        <translation>opcional: un archivo para los avisos a los socios</translation>
    </message>
    <message>
        <source>Patronage dividend {year}</source>
        <translation>Retorno cooperativo {year}</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>Enrol member</source>
        <translation>Inscribir socio</translation>
    </message>
    <message>
        <source>&amp;Enrol</source>
        <translation>&amp;Inscribir</translation>
    </message>
    <message>
        <source>&amp;Family name:</source>
        <translation>&amp;Apellidos:</translation>
    </message>
    <message>
        <source>&amp;Given names:</source>
        <translation>&amp;Nombres:</translation>
    </message>
    <message>
        <source>Member class</source>
        <translation>Tipo de socio</translation>
    </message>
    <message>
        <source>The kind of member: patient, worker, community or anchor organisation</source>
        <translation>El tipo de socio: paciente, trabajador, comunidad u organización ancla</translation>
    </message>
    <message>
        <source>Member &amp;class:</source>
        <translation>&amp;Tipo de socio:</translation>
    </message>
    <message>
        <source>&amp;Organisation:</source>
        <translation>&amp;Organización:</translation>
    </message>
    <message>
        <source>E-&amp;mail:</source>
        <translation>&amp;Correo electrónico:</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>Telé&amp;fono:</translation>
    </message>
    <message>
        <source>&amp;Applied on:</source>
        <translation>Fecha de so&amp;licitud:</translation>
    </message>
    <message>
        <source>The member&apos;s family name, as on the register</source>
        <translation>Los apellidos del socio, tal como figuran en el registro</translation>
    </message>
    <message>
        <source>The member&apos;s given names, as on the register</source>
        <translation>Los nombres del socio, tal como figuran en el registro</translation>
    </message>
    <message>
        <source>For an organisation member: the organisation&apos;s name</source>
        <translation>Para un socio que es una organización: el nombre de la organización</translation>
    </message>
    <message>
        <source>Where notices of meetings and dividends are sent (optional)</source>
        <translation>Adónde se envían los avisos de asambleas y retornos (opcional)</translation>
    </message>
    <message>
        <source>A telephone number for the member (optional)</source>
        <translation>Un número de teléfono del socio (opcional)</translation>
    </message>
    <message>
        <source>The day the application to join was received</source>
        <translation>El día en que se recibió la solicitud de ingreso</translation>
    </message>
    <message>
        <source>Accepts the &amp;bylaws</source>
        <translation>Acepta los e&amp;statutos</translation>
    </message>
    <message>
        <source>Accepts the &amp;data policy</source>
        <translation>Acepta la política de &amp;datos</translation>
    </message>
    <message>
        <source>Understands the &amp;financial risk of shares</source>
        <translation>Comprende el &amp;riesgo financiero de las aportaciones</translation>
    </message>
</context>
<context>
    <name>LeaveDialog</name>
    <message>
        <source>Member leaves</source>
        <translation>Baja de socio</translation>
    </message>
    <message>
        <source>&amp;Record leaving</source>
        <translation>&amp;Registrar baja</translation>
    </message>
    <message>
        <source>&amp;Leaves on:</source>
        <translation>&amp;Fecha de baja:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
    <message>
        <source>&amp;Cancelled by the board (not a resignation)</source>
        <translation>&amp;Excluido por el consejo (no es una renuncia)</translation>
    </message>
    <message>
        <source>Cancelled by the board</source>
        <translation>Excluido por el consejo</translation>
    </message>
    <message>
        <source>Board &amp;approval:</source>
        <translation>Aprobación del &amp;consejo:</translation>
    </message>
    <message>
        <source>The last day of membership</source>
        <translation>El último día como socio</translation>
    </message>
    <message>
        <source>Why the member leaves</source>
        <translation>Por qué se retira el socio</translation>
    </message>
    <message>
        <source>The board decision, for a cancellation</source>
        <translation>La decisión del consejo, en caso de exclusión</translation>
    </message>
</context>
<context>
    <name>LedgerTableModel</name>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Movimiento</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Shares</source>
        <translation>Aportaciones</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Holding after</source>
        <translation>Saldo después</translation>
    </message>
    <message>
        <source>With member</source>
        <translation>Con el socio</translation>
    </message>
    <message>
        <source>Approval / note</source>
        <translation>Aprobación / nota</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Registrado</translation>
    </message>
    <message>
        <source>Reversal of entry {id}</source>
        <translation>Anulación del movimiento {id}</translation>
    </message>
    <message>
        <source>{entry} (reversed)</source>
        <translation>{entry} (anulado)</translation>
    </message>
</context>
<context>
    <name>MemberClass</name>
    <message>
        <source>Patient member</source>
        <translation>Socio paciente</translation>
    </message>
    <message>
        <source>Worker member</source>
        <translation>Socio trabajador</translation>
    </message>
    <message>
        <source>Community member</source>
        <translation>Socio de la comunidad</translation>
    </message>
    <message>
        <source>Anchor-organisation member</source>
        <translation>Socio organización ancla</translation>
    </message>
    <message>
        <source>Membership share</source>
        <translation>Aportación obligatoria</translation>
    </message>
    <message>
        <source>Investment share</source>
        <translation>Aportación voluntaria</translation>
    </message>
    <message>
        <source>patient</source>
        <translation>paciente</translation>
    </message>
    <message>
        <source>worker</source>
        <translation>trabajador</translation>
    </message>
    <message>
        <source>community</source>
        <translation>comunidad</translation>
    </message>
    <message>
        <source>anchor organisation</source>
        <translation>organización ancla</translation>
    </message>
</context>
<context>
    <name>MemberDialog</name>
    <message>
        <source>Member {number}: {name}</source>
        <translation>Socio {number}: {name}</translation>
    </message>
    <message>
        <source>Number of shares</source>
        <translation>Número de aportaciones</translation>
    </message>
    <message>
        <source>&amp;Shares:</source>
        <translation>&amp;Aportaciones:</translation>
    </message>
    <message>
        <source>“{text}” is not an amount.</source>
        <translation>“{text}” no es un importe.</translation>
    </message>
    <message>
        <source>“{text}” has more than two decimals.</source>
        <translation>“{text}” tiene más de dos decimales.</translation>
    </message>
    <message>
        <source>“{text}” is larger than the largest amount stored.</source>
        <translation>“{text}” supera el mayor importe que se puede guardar.</translation>
    </message>
    <message>
        <source>Type an amount such as 1200.00 or 1,200.00.</source>
        <translation>Escriba un importe como 1200.00 o 1,200.00 (con punto antes de los centavos).</translation>
    </message>
</context>
<context>
    <name>MemberStatus</name>
    <message>
        <source>applicant</source>
        <translation>solicitante</translation>
    </message>
    <message>
        <source>active</source>
        <translation>activo</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>suspendido</translation>
    </message>
    <message>
        <source>former</source>
        <translation>dado de baja</translation>
    </message>
</context>
<context>
    <name>MembersTableModel</name>
    <message>
        <source>No.</source>
        <translation>N.º</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Shares</source>
        <translation>Aportaciones</translation>
    </message>
    <message>
        <source>Paid-up</source>
        <translation>Desembolsado</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Solicitud</translation>
    </message>
</context>
<context>
    <name>MembersView</name>
    <message>
        <source>Name or member number…</source>
        <translation>Nombre o número de socio…</translation>
    </message>
    <message>
        <source>Search members</source>
        <translation>Buscar socios</translation>
    </message>
    <message>
        <source>Member status</source>
        <translation>Estado del socio</translation>
    </message>
    <message>
        <source>Show only members with this status</source>
        <translation>Mostrar solo los socios con este estado</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Todos los estados</translation>
    </message>
    <message>
        <source>Applicants</source>
        <translation>Solicitantes</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activos</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Suspendidos</translation>
    </message>
    <message>
        <source>Former</source>
        <translation>Dados de baja</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Socios</translation>
    </message>
    <message>
        <source>Cooperative members with their number, class, status and shares</source>
        <translation>Socios de la cooperativa con su número, tipo, estado y aportaciones</translation>
    </message>
    <message>
        <source>Member details</source>
        <translation>Datos del socio</translation>
    </message>
    <message>
        <source>Share ledger</source>
        <translation>Libro de aportaciones</translation>
    </message>
    <message>
        <source>Every share event of the chosen member</source>
        <translation>Todos los movimientos de aportaciones del socio elegido</translation>
    </message>
    <message>
        <source>&amp;Enrol…</source>
        <translation>&amp;Inscribir…</translation>
    </message>
    <message>
        <source>&amp;Approve…</source>
        <translation>&amp;Aprobar…</translation>
    </message>
    <message>
        <source>&amp;Subscribe…</source>
        <translation>&amp;Suscribir…</translation>
    </message>
    <message>
        <source>&amp;Pay…</source>
        <translation>&amp;Pagar…</translation>
    </message>
    <message>
        <source>&amp;Transfer…</source>
        <translation>&amp;Transferir…</translation>
    </message>
    <message>
        <source>Re&amp;deem…</source>
        <translation>R&amp;eembolsar…</translation>
    </message>
    <message>
        <source>&amp;Leave…</source>
        <translation>Dar de ba&amp;ja…</translation>
    </message>
    <message>
        <source>Di&amp;vidend…</source>
        <translation>Retor&amp;no cooperativo…</translation>
    </message>
    <message>
        <source>P&amp;rint register…</source>
        <translation>Imp&amp;rimir registro…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Reverse e&amp;ntry…</source>
        <translation>A&amp;nular movimiento…</translation>
    </message>
    <message>
        <source>Correct the chosen ledger entry with a reversing entry</source>
        <translation>Corregir el movimiento elegido con un movimiento de anulación</translation>
    </message>
    <message>
        <source>&amp;Import register…</source>
        <translation>Importar &amp;registro…</translation>
    </message>
    <message>
        <source>Bring in a legacy register: members and their share history</source>
        <translation>Traer un registro anterior: los socios y su historial de aportaciones</translation>
    </message>
    <message numerus="yes">
        <source>{code}: %n share(s), {paid} of {subscribed} paid</source>
        <translation>
            <numerusform>{code}: %n aportación, {paid} desembolsado de {subscribed}</numerusform>
            <numerusform>{code}: %n aportaciones, {paid} desembolsado de {subscribed}</numerusform>
        </translation>
    </message>
    <message>
        <source>{title}: {amount}</source>
        <comment>a member&apos;s dividend</comment>
        <translation>{title}: {amount}</translation>
    </message>
    <message numerus="yes">
        <source>Recorded {title}: {total} to %n member(s)</source>
        <translation>
            <numerusform>Registrado {title}: {total} para %n socio</numerusform>
            <numerusform>Registrado {title}: {total} para %n socios</numerusform>
        </translation>
    </message>
    <message>
        <source>Imported {members} members and {entries} share rows</source>
        <translation>Importados {members} socios y {entries} filas de aportaciones</translation>
    </message>
    <message>
        <source>No members yet. Enrol… (Ctrl+N) adds the first; Import register… (Ctrl+Shift+I) brings in a register kept elsewhere.</source>
        <translation>Aún no hay socios. Inscribir… (Ctrl+N) agrega el primero; Importar registro… (Ctrl+Shift+I) trae un registro llevado en otro lugar.</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n socio</numerusform>
            <numerusform>%n socios</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %n member(s) loaded</source>
        <translation>
            <numerusform>{shown} de %n socio cargados</numerusform>
            <numerusform>{shown} de %n socios cargados</numerusform>
        </translation>
    </message>
    <message>
        <source>no shares</source>
        <translation>sin aportaciones</translation>
    </message>
    <message>
        <source>Member {number}: {name}</source>
        <translation>Socio {number}: {name}</translation>
    </message>
    <message>
        <source>Class: {cls}. Status: {status}. Votes: {vote}.</source>
        <translation>Tipo: {cls}. Estado: {status}. Vota: {vote}.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Applied {applied}; approved {approved} ({ref}).</source>
        <translation>Solicitud: {applied}; aprobación: {approved} ({ref}).</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>pendiente</translation>
    </message>
    <message>
        <source>Holdings: {holdings}. Paid-up capital: {paid}.</source>
        <translation>Aportaciones: {holdings}. Capital desembolsado: {paid}.</translation>
    </message>
    <message>
        <source>Left {end} ({reason}).</source>
        <translation>Baja: {end} ({reason}).</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Guardado: {path}</translation>
    </message>
    <message>
        <source>No member matches this search.</source>
        <translation>Ningún socio coincide con esta búsqueda.</translation>
    </message>
    <message>
        <source>No members yet. Enrol… (Ctrl+N) adds the first.</source>
        <translation>Aún no hay socios. Inscribir… (Ctrl+N) agrega el primero.</translation>
    </message>
    <message>
        <source>No members yet.</source>
        <translation>Aún no hay socios.</translation>
    </message>
</context>
<context>
    <name>PayDialog</name>
    <message>
        <source>Record payment</source>
        <translation>Registrar pago</translation>
    </message>
    <message>
        <source>&amp;Record payment</source>
        <translation>&amp;Registrar pago</translation>
    </message>
    <message>
        <source>Share &amp;class:</source>
        <translation>&amp;Tipo de aportación:</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>&amp;Importe:</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Fecha:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Nota:</translation>
    </message>
    <message>
        <source>Which class of shares the payment is for</source>
        <translation>A qué clase de aportación corresponde el pago</translation>
    </message>
    <message>
        <source>The amount received, for example 25.00</source>
        <translation>El importe recibido, por ejemplo 25.00</translation>
    </message>
    <message>
        <source>The day the payment was received</source>
        <translation>El día en que se recibió el pago</translation>
    </message>
    <message>
        <source>A receipt number or other note for the ledger (optional)</source>
        <translation>Un número de recibo u otra nota para el libro de aportaciones (opcional)</translation>
    </message>
</context>
<context>
    <name>PrintRegisterDialog</name>
    <message>
        <source>Print the register</source>
        <translation>Imprimir el registro</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>&amp;Imprimir</translation>
    </message>
    <message>
        <source>As &amp;of:</source>
        <translation>&amp;Fecha de corte:</translation>
    </message>
    <message>
        <source>&amp;Voter list only</source>
        <translation>Solo el padrón de &amp;votantes</translation>
    </message>
    <message>
        <source>Voter list only</source>
        <translation>Solo el padrón de votantes</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Archivo:</translation>
    </message>
    <message>
        <source>The register is printed as it stood on this day</source>
        <translation>El registro se imprime tal como estaba en este día</translation>
    </message>
    <message>
        <source>Where the PDF is saved</source>
        <translation>Dónde se guarda el PDF</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>E&amp;xaminar…</translation>
    </message>
    <message>
        <source>Save the register</source>
        <translation>Guardar el registro</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Choose a file to print to.</source>
        <translation>Elija un archivo donde imprimir.</translation>
    </message>
</context>
<context>
    <name>RedeemDialog</name>
    <message>
        <source>Redeem shares</source>
        <translation>Reembolsar aportaciones</translation>
    </message>
    <message>
        <source>&amp;Redeem</source>
        <translation>&amp;Reembolsar</translation>
    </message>
    <message>
        <source>Board &amp;approval:</source>
        <translation>Aprobación del &amp;consejo:</translation>
    </message>
</context>
<context>
    <name>RegisterImportDialog</name>
    <message>
        <source>Register to import</source>
        <translation>Registro a importar</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Nothing was imported. Refused rows: {count}.</source>
        <translation>No se importó nada. Filas rechazadas: {count}.</translation>
    </message>
    <message>
        <source>The refused rows are listed in the dialog. Correct them in the file and import it again.</source>
        <translation>Las filas rechazadas figuran en el cuadro de diálogo. Corríjalas en el archivo e impórtelo de nuevo.</translation>
    </message>
    <message>
        <source>Nothing can be imported. Refused rows: {count}. Correct them in the file and preview it again:</source>
        <translation>No se puede importar nada. Filas rechazadas: {count}. Corríjalas en el archivo y vuelva a revisarlo:</translation>
    </message>
    <message>
        <source>The file holds no member and no share row.</source>
        <translation>El archivo no contiene ningún socio ni ninguna fila de aportaciones.</translation>
    </message>
    <message>
        <source> (register numbers {first}–{last})</source>
        <translation> (números de registro {first}–{last})</translation>
    </message>
    <message>
        <source>{members} members and {entries} share rows{numbers}</source>
        <translation>{members} socios y {entries} filas de aportaciones{numbers}</translation>
    </message>
    <message>
        <source>Imported {counts}.</source>
        <translation>Importados {counts}.</translation>
    </message>
    <message>
        <source>Every row is accepted: Import would store {counts}. Nothing is stored yet.</source>
        <translation>Todas las filas se aceptan: Importar guardaría {counts}. Aún no se ha guardado nada.</translation>
    </message>
    <message>
        <source>Import a legacy register</source>
        <translation>Importar un registro anterior</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importar</translation>
    </message>
    <message>
        <source>A CSV file of member rows and their share history (subscribe, pay, transfer, redeem), with the columns the README names. Every row is checked as if entered by hand, in date order. A file with any refused row is not imported: nothing is stored.</source>
        <translation>Un archivo CSV con filas de socios y su historial de aportaciones (suscribir, pagar, transferir, reembolsar), con las columnas que indica el README. Cada fila se comprueba como si se introdujera a mano, por orden de fecha. Un archivo con alguna fila rechazada no se importa: no se guarda nada.</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Archivo:</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>E&amp;legir…</translation>
    </message>
    <message>
        <source>The legacy register to import (CSV)</source>
        <translation>El registro anterior a importar (CSV)</translation>
    </message>
    <message>
        <source>Preview checks every row and tells what would be imported.</source>
        <translation>Revisar comprueba cada fila e indica qué se importaría.</translation>
    </message>
    <message>
        <source>What the file holds</source>
        <translation>Qué contiene el archivo</translation>
    </message>
    <message>
        <source>The members and ledger entries the file would add, or its refused rows</source>
        <translation>Los socios y movimientos que añadiría el archivo, o sus filas rechazadas</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>&amp;Revisar</translation>
    </message>
    <message>
        <source>Check every row and say what would be imported, storing nothing</source>
        <translation>Comprobar cada fila e indicar qué se importaría, sin guardar nada</translation>
    </message>
    <message>
        <source>Choose the register file.</source>
        <translation>Elija el archivo del registro.</translation>
    </message>
    <message>
        <source>Type its path, or choose it with Choose….</source>
        <translation>Escriba su ruta, o elíjalo con Elegir….</translation>
    </message>
    <message>
        <source>Checking every row…</source>
        <translation>Comprobando cada fila…</translation>
    </message>
</context>
<context>
    <name>ReverseDialog</name>
    <message>
        <source>Reverse a ledger entry</source>
        <translation>Anular un movimiento</translation>
    </message>
    <message>
        <source>&amp;Reverse entry</source>
        <translation>&amp;Anular movimiento</translation>
    </message>
    <message>
        <source>class {code}</source>
        <translation>tipo {code}</translation>
    </message>
    <message numerus="yes">
        <source>%n share(s)</source>
        <translation>
            <numerusform>%n aportación</numerusform>
            <numerusform>%n aportaciones</numerusform>
        </translation>
    </message>
    <message>
        <source>Entry: {entry}</source>
        <translation>Movimiento: {entry}</translation>
    </message>
    <message>
        <source>&amp;Effective on:</source>
        <translation>&amp;Con efecto el:</translation>
    </message>
    <message>
        <source>Re&amp;ason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
    <message>
        <source>for example: entered in error, cheque returned</source>
        <translation>por ejemplo: anotado por error, cheque devuelto</translation>
    </message>
    <message>
        <source>The day the correction takes effect: the entry&apos;s own day for a mistake</source>
        <translation>El día en que la corrección tiene efecto: el día del propio movimiento si fue un error</translation>
    </message>
    <message>
        <source>Why the entry is reversed; it stays in the ledger beside it</source>
        <translation>Por qué se anula el movimiento; sigue en el libro junto a la anulación</translation>
    </message>
</context>
<context>
    <name>SubscribeDialog</name>
    <message>
        <source>Subscribe shares</source>
        <translation>Suscribir aportaciones</translation>
    </message>
    <message>
        <source>&amp;Subscribe</source>
        <translation>&amp;Suscribir</translation>
    </message>
    <message>
        <source>&amp;Approval:</source>
        <translation>A&amp;probación:</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer shares</source>
        <translation>Transferir aportaciones</translation>
    </message>
    <message>
        <source>&amp;Transfer</source>
        <translation>&amp;Transferir</translation>
    </message>
    <message>
        <source>To member number</source>
        <translation>Al socio número</translation>
    </message>
    <message>
        <source>The register number of the member who receives the shares</source>
        <translation>El número de registro del socio que recibe las aportaciones</translation>
    </message>
    <message>
        <source>To &amp;member number:</source>
        <translation>Al &amp;socio número:</translation>
    </message>
    <message>
        <source>Share &amp;class:</source>
        <translation>Tipo de a&amp;portación:</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Fecha:</translation>
    </message>
    <message>
        <source>Board &amp;approval:</source>
        <translation>Aprobación del &amp;consejo:</translation>
    </message>
    <message>
        <source>Which class of shares is transferred</source>
        <translation>Qué clase de aportación se transfiere</translation>
    </message>
    <message>
        <source>How many shares are transferred</source>
        <translation>Cuántas aportaciones se transfieren</translation>
    </message>
    <message>
        <source>The day the transfer takes effect on the register</source>
        <translation>El día en que la transferencia surte efecto en el registro</translation>
    </message>
    <message>
        <source>The board decision that approved the transfer</source>
        <translation>La decisión del consejo que aprobó la transferencia</translation>
    </message>
</context>
<context>
    <name>_SharesDialog</name>
    <message>
        <source>Share &amp;class:</source>
        <translation>&amp;Tipo de aportación:</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Fecha:</translation>
    </message>
    <message>
        <source>Which class of shares</source>
        <translation>Qué clase de aportación</translation>
    </message>
    <message>
        <source>How many shares</source>
        <translation>Cuántas aportaciones</translation>
    </message>
    <message>
        <source>The day this takes effect on the register</source>
        <translation>El día en que esto surte efecto en el registro</translation>
    </message>
    <message>
        <source>The board decision that approved it, if one is needed</source>
        <translation>La decisión del consejo que lo aprobó, si hace falta una</translation>
    </message>
</context>
</TS>
