<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AmendmentReason</name>
    <message>
        <source>revenue corrected</source>
        <translation>ingresos corregidos</translation>
    </message>
    <message>
        <source>late revenue</source>
        <translation>ingresos tardíos</translation>
    </message>
    <message>
        <source>category corrected</source>
        <translation>categoría corregida</translation>
    </message>
    <message>
        <source>rate corrected</source>
        <translation>tasa corregida</translation>
    </message>
    <message>
        <source>other</source>
        <translation>otro</translation>
    </message>
</context>
<context>
    <name>FundPart</name>
    <message>
        <source>shared technology</source>
        <translation>tecnología compartida</translation>
    </message>
    <message>
        <source>training</source>
        <translation>capacitación</translation>
    </message>
    <message>
        <source>regional development</source>
        <translation>desarrollo regional</translation>
    </message>
    <message>
        <source>reserve</source>
        <translation>reserva</translation>
    </message>
    <message>
        <source>member dividend</source>
        <translation>dividendo a los socios</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import revenue for {period}</source>
        <translation>Importar ingresos de {period}</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>Archivo CSV</translation>
    </message>
    <message>
        <source>The accounting export the lines are read from</source>
        <translation>La exportación contable de la que se leen las líneas</translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation>&amp;Elegir…</translation>
    </message>
    <message>
        <source>Category column</source>
        <translation>Columna de categoría</translation>
    </message>
    <message>
        <source>The column of the file that holds each line&apos;s revenue category</source>
        <translation>La columna del archivo que contiene la categoría de ingresos de cada línea</translation>
    </message>
    <message>
        <source>Amount column</source>
        <translation>Columna del importe</translation>
    </message>
    <message>
        <source>The column of the file that holds each line&apos;s amount</source>
        <translation>La columna del archivo que contiene el importe de cada línea</translation>
    </message>
    <message>
        <source>Sub-line column</source>
        <translation>Columna de sublínea</translation>
    </message>
    <message>
        <source>The column that names a sub-line, such as an organisation (optional)</source>
        <translation>La columna que nombra una sublínea, como una organización (opcional)</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Archivo:</translation>
    </message>
    <message>
        <source>C&amp;ategory column:</source>
        <translation>&amp;Columna de categoría:</translation>
    </message>
    <message>
        <source>A&amp;mount column:</source>
        <translation>Columna del i&amp;mporte:</translation>
    </message>
    <message>
        <source>&amp;Sub-line column:</source>
        <translation>Columna de &amp;sublínea:</translation>
    </message>
    <message>
        <source>Lines to import</source>
        <translation>Líneas a importar</translation>
    </message>
    <message>
        <source>Every line the file gives, as it would be imported</source>
        <translation>Todas las líneas del archivo, tal como se importarían</translation>
    </message>
    <message>
        <source>Problems in the file</source>
        <translation>Problemas en el archivo</translation>
    </message>
    <message>
        <source>What must be fixed in the file before it can be imported</source>
        <translation>Lo que hay que corregir en el archivo antes de poder importarlo</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importar</translation>
    </message>
    <message>
        <source>Choose the accounting export</source>
        <translation>Elegir la exportación contable</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt)</source>
        <translation>Archivos CSV (*.csv *.txt)</translation>
    </message>
    <message>
        <source>Could not read {path}: {error}</source>
        <translation>No se pudo leer {path}: {error}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguna)</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>(elegir)</translation>
    </message>
    <message>
        <source>Choose which columns hold the category and the amount.</source>
        <translation>Elija qué columnas contienen la categoría y el importe.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s); total {total}: {parts}</source>
        <translation>
            <numerusform>%n fila; total {total}: {parts}</numerusform>
            <numerusform>%n filas; total {total}: {parts}</numerusform>
        </translation>
    </message>
    <message>
        <source>{category} {amount}</source>
        <translation>{category} {amount}</translation>
    </message>
</context>
<context>
    <name>JoinedDialog</name>
    <message>
        <source>Joined the federation</source>
        <translation>Ingreso a la federación</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>Months before this one are not due: Revenue and Today do not ask for them. Write it as YYYY-MM.</source>
        <translation>Los meses anteriores a este no se deben: Ingresos y Hoy no los piden. Escríbalo como AAAA-MM.</translation>
    </message>
    <message>
        <source>&amp;Joined in:</source>
        <translation>&amp;Ingresó en:</translation>
    </message>
    <message>
        <source>The first month the clinic contributes to the federation (YYYY-MM)</source>
        <translation>El primer mes en que la clínica paga cuota a la federación (AAAA-MM)</translation>
    </message>
    <message>
        <source>YYYY-MM</source>
        <translation>AAAA-MM</translation>
    </message>
</context>
<context>
    <name>LinesDialog</name>
    <message>
        <source>Amend {period}</source>
        <translation>Rectificar {period}</translation>
    </message>
    <message>
        <source>Revenue for {period}</source>
        <translation>Ingresos de {period}</translation>
    </message>
    <message>
        <source>&amp;Amend</source>
        <translation>&amp;Rectificar</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>One line per row: the category, a name for a sub-line of your own (leave it empty for the category&apos;s own line) and the amount in the clinic&apos;s currency (zero or more, at most two decimals, for example 1,200.00). A row without an amount is left out.</source>
        <translation>Una línea por fila: la categoría, un nombre para una sublínea propia (déjelo vacío para la línea de la categoría) y el importe en la moneda de la clínica (cero o más, con punto antes de los centavos y como máximo dos decimales, por ejemplo 1,200.00). Una fila sin importe se omite.</translation>
    </message>
    <message>
        <source>Revenue lines</source>
        <translation>Líneas de ingresos</translation>
    </message>
    <message>
        <source>One row per revenue category with its amount and an optional sub-line; the arrow keys move between cells and typing changes a cell</source>
        <translation>Una fila por categoría de ingresos con su importe y una sublínea opcional; las teclas de flecha mueven entre celdas y al escribir se cambia una celda</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Sub-line (optional)</source>
        <translation>Sublínea (opcional)</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>A&amp;dd line</source>
        <translation>&amp;Agregar línea</translation>
    </message>
    <message>
        <source>Re&amp;move line</source>
        <translation>&amp;Quitar línea</translation>
    </message>
    <message>
        <source>Reason for the amendment</source>
        <translation>Motivo de la rectificación</translation>
    </message>
    <message>
        <source>Why the submitted figures change</source>
        <translation>Por qué cambian las cifras enviadas</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
    <message>
        <source>Category of row {row}</source>
        <translation>Categoría de la fila {row}</translation>
    </message>
    <message>
        <source>The revenue category this row&apos;s amount belongs to</source>
        <translation>La categoría de ingresos a la que corresponde el importe de esta fila</translation>
    </message>
</context>
<context>
    <name>LinesTableModel</name>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Sub-line</source>
        <translation>Sublínea</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
</context>
<context>
    <name>MonthsTableModel</name>
    <message>
        <source>Month</source>
        <translation>Mes</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Ingresos</translation>
    </message>
    <message>
        <source>Contribution</source>
        <translation>Cuota</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vencimiento</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Recibo</translation>
    </message>
    <message>
        <source>Overdue: not submitted by its due date.</source>
        <translation>Vencido: no se envió antes de su fecha límite.</translation>
    </message>
</context>
<context>
    <name>RevenueChart</name>
    <message>
        <source>Revenue and contributions, last 24 months</source>
        <translation>Ingresos y cuotas, últimos 24 meses</translation>
    </message>
    <message>
        <source>Revenue and contributions</source>
        <translation>Ingresos y cuotas</translation>
    </message>
    <message>
        <source>Revenue and contributions: nothing entered yet (Enter lines… starts)</source>
        <translation>Ingresos y cuotas: aún no hay nada registrado (Ingresar líneas… para empezar)</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Ingresos</translation>
    </message>
    <message>
        <source>Revenue, draft (no contribution yet)</source>
        <translation>Ingresos, borrador (aún sin cuota)</translation>
    </message>
    <message>
        <source>Contribution</source>
        <translation>Cuota</translation>
    </message>
</context>
<context>
    <name>RevenueView</name>
    <message>
        <source>Months</source>
        <translation>Meses</translation>
    </message>
    <message>
        <source>Each month&apos;s revenue and where its close and submission stand</source>
        <translation>Los ingresos de cada mes y en qué estado están su cierre y su envío</translation>
    </message>
    <message>
        <source>Revenue lines</source>
        <translation>Líneas de ingresos</translation>
    </message>
    <message>
        <source>The revenue entered for the chosen month, by category</source>
        <translation>Los ingresos registrados para el mes elegido, por categoría</translation>
    </message>
    <message>
        <source>Submissions and receipts</source>
        <translation>Envíos y recibos</translation>
    </message>
    <message>
        <source>What was sent to the federation for the chosen month, and its receipts</source>
        <translation>Lo que se envió a la federación para el mes elegido, y sus recibos</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Estado:</translation>
    </message>
    <message>
        <source>Total revenue:</source>
        <translation>Ingresos totales:</translation>
    </message>
    <message>
        <source>Contributable base:</source>
        <translation>Base de la cuota:</translation>
    </message>
    <message>
        <source>Due on:</source>
        <translation>Vence el:</translation>
    </message>
    <message>
        <source>Rate:</source>
        <translation>Tasa:</translation>
    </message>
    <message>
        <source>Contribution:</source>
        <translation>Cuota:</translation>
    </message>
    <message>
        <source>Fund allocation:</source>
        <translation>Distribución del fondo:</translation>
    </message>
    <message>
        <source>&amp;Enter lines…</source>
        <translation>&amp;Ingresar líneas…</translation>
    </message>
    <message>
        <source>&amp;Import CSV…</source>
        <translation>Importar &amp;CSV…</translation>
    </message>
    <message>
        <source>&amp;Lock…</source>
        <translation>&amp;Bloquear…</translation>
    </message>
    <message>
        <source>U&amp;nlock…</source>
        <translation>&amp;Desbloquear…</translation>
    </message>
    <message>
        <source>&amp;Submit…</source>
        <translation>&amp;Enviar…</translation>
    </message>
    <message>
        <source>&amp;Amend…</source>
        <translation>&amp;Rectificar…</translation>
    </message>
    <message>
        <source>S&amp;tatement…</source>
        <translation>E&amp;stado de cuenta…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Overdue months</source>
        <translation>Meses vencidos</translation>
    </message>
    <message>
        <source>&amp;Change…</source>
        <translation>Cambi&amp;ar…</translation>
    </message>
    <message>
        <source>Change the month the clinic joined</source>
        <translation>Cambiar el mes en que la clínica ingresó</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Líneas</translation>
    </message>
    <message>
        <source>Submissions, amendments and receipts</source>
        <translation>Envíos, rectificaciones y recibos</translation>
    </message>
    <message>
        <source>&amp;Month</source>
        <translation>&amp;Mes</translation>
    </message>
    <message>
        <source>&amp;24 months</source>
        <translation>&amp;24 meses</translation>
    </message>
    <message>
        <source>The clinic joined the federation in {month}: contributions are due from that month on.</source>
        <translation>La clínica ingresó a la federación en {month}: las cuotas se deben desde ese mes.</translation>
    </message>
    <message>
        <source>Overdue: {months} — not submitted by the due date.</source>
        <translation>Vencidos: {months} — no se enviaron antes de la fecha límite.</translation>
    </message>
    <message>
        <source>{rate} — {title}, version {version}</source>
        <translation>{rate} — {title}, versión {version}</translation>
    </message>
    <message>
        <source>No month selected</source>
        <translation>Ningún mes seleccionado</translation>
    </message>
    <message>
        <source>No revenue entered</source>
        <translation>Sin ingresos registrados</translation>
    </message>
    <message>
        <source>{rate} ({standard}, version {version})</source>
        <translation>{rate} ({standard}, versión {version})</translation>
    </message>
    <message>
        <source>No rate standard in force</source>
        <translation>No hay un estándar de tasa vigente</translation>
    </message>
    <message>
        <source>{standard}, version {version}</source>
        <translation>{standard}, versión {version}</translation>
    </message>
    <message>
        <source>{part} {amount}</source>
        <translation>{part} {amount}</translation>
    </message>
    <message>
        <source>{day} (overdue)</source>
        <translation>{day} (vencido)</translation>
    </message>
    <message>
        <source>Lock {period}? Its lines can no longer be changed; the contribution of {amount} is computed at the rate in force.</source>
        <translation>¿Bloquear {period}? Sus líneas ya no se podrán cambiar; la cuota de {amount} se calcula con la tasa vigente.</translation>
    </message>
    <message>
        <source>{period} is not over yet: revenue that comes in after today cannot be added once it is locked (only unlocked again before it is submitted). Lock it now anyway? The contribution of {amount} is computed at the rate in force.</source>
        <translation>El mes {period} aún no termina: los ingresos que lleguen después de hoy no se podrán agregar una vez bloqueado (solo si se desbloquea antes de enviarlo). ¿Bloquearlo ahora de todos modos? La cuota de {amount} se calcula con la tasa vigente.</translation>
    </message>
    <message>
        <source>The month is not over</source>
        <translation>El mes no ha terminado</translation>
    </message>
    <message>
        <source>Lock the month</source>
        <translation>Bloquear el mes</translation>
    </message>
    <message>
        <source>Unlock {period}? It becomes a draft again: its lines can be changed, and its contribution is computed afresh when it is locked again.</source>
        <translation>¿Desbloquear {period}? Vuelve a ser un borrador: sus líneas se pueden cambiar y su cuota se calcula de nuevo cuando se bloquee otra vez.</translation>
    </message>
    <message>
        <source>Unlock the month</source>
        <translation>Desbloquear el mes</translation>
    </message>
    <message>
        <source>Submit the contribution of {amount} for {period} to the federation? It goes out with the next sync; a correction later is an amendment.</source>
        <translation>¿Enviar a la federación la cuota de {amount} de {period}? Sale con la próxima sincronización; una corrección posterior es una rectificación.</translation>
    </message>
    <message>
        <source>Submit the month</source>
        <translation>Enviar el mes</translation>
    </message>
    <message>
        <source>{period}: {status}</source>
        <translation>{period}: {status}</translation>
    </message>
    <message>
        <source>Making the statement…</source>
        <translation>Generando el estado de cuenta…</translation>
    </message>
</context>
<context>
    <name>StatementDialog</name>
    <message>
        <source>Statement for {period}</source>
        <translation>Estado de cuenta de {period}</translation>
    </message>
    <message>
        <source>Statement preview</source>
        <translation>Vista previa del estado de cuenta</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Imprimir…</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>&amp;Guardar…</translation>
    </message>
    <message>
        <source>Save the statement</source>
        <translation>Guardar el estado de cuenta</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Could not save {path}: {error}</source>
        <translation>No se pudo guardar {path}: {error}</translation>
    </message>
    <message>
        <source>Statement saved to {path}</source>
        <translation>Estado de cuenta guardado en {path}</translation>
    </message>
    <message>
        <source>The printer could not be started.</source>
        <translation>No se pudo iniciar la impresora.</translation>
    </message>
</context>
<context>
    <name>SubmissionsTableModel</name>
    <message>
        <source>Submission</source>
        <translation>Envío</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Delta</source>
        <translation>Diferencia</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Recibo</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Recibido</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Amendment {n}</source>
        <translation>Rectificación {n}</translation>
    </message>
    <message>
        <source>Stopped: see Federation → Outbox</source>
        <translation>Detenido: vea Federación → Bandeja de salida</translation>
    </message>
    <message>
        <source>Waiting to send</source>
        <translation>En espera de envío</translation>
    </message>
</context>
</TS>
