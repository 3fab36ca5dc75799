<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AgeingModel</name>
    <message>
        <source>Organisation</source>
        <translation>Organización</translation>
    </message>
    <message>
        <source>Not yet due</source>
        <translation>Aún no vence</translation>
    </message>
    <message>
        <source>{days} days late</source>
        <translation>{days} días de atraso</translation>
    </message>
    <message>
        <source>Total owed</source>
        <translation>Total adeudado</translation>
    </message>
</context>
<context>
    <name>AgeingTab</name>
    <message>
        <source>What each organisation owes</source>
        <translation>Lo que adeuda cada organización</translation>
    </message>
    <message>
        <source>Unpaid invoice amounts per organisation, by how many days late they are</source>
        <translation>Importes de facturas impagas por organización, según cuántos días de atraso tienen</translation>
    </message>
    <message>
        <source>Filter by organisation…</source>
        <translation>Filtrar por organización…</translation>
    </message>
    <message>
        <source>Filter organisations</source>
        <translation>Filtrar organizaciones</translation>
    </message>
    <message>
        <source>Nothing is owed: no invoice is unpaid.</source>
        <translation>No se debe nada: ninguna factura está impaga.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
</context>
<context>
    <name>AnchorDialogs</name>
    <message>
        <source>“{text}” is not a date. Write it as YYYY-MM-DD.</source>
        <translation>“{text}” no es una fecha. Escríbala como AAAA-MM-DD.</translation>
    </message>
</context>
<context>
    <name>AnchorsView</name>
    <message>
        <source>Co&amp;ntracts</source>
        <translation>Co&amp;ntratos</translation>
    </message>
    <message>
        <source>Roster revie&amp;w</source>
        <translation>Re&amp;visión de nómina</translation>
    </message>
    <message>
        <source>In&amp;voices</source>
        <translation>&amp;Facturas</translation>
    </message>
    <message>
        <source>&amp;Ageing</source>
        <translation>&amp;Antigüedad de saldos</translation>
    </message>
    <message>
        <source>Proposa&amp;l</source>
        <translation>Propues&amp;ta</translation>
    </message>
</context>
<context>
    <name>ContractDialog</name>
    <message>
        <source>Add a contract</source>
        <translation>Agregar un contrato</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Agregar</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organización</translation>
    </message>
    <message>
        <source>The anchor organisation this is for</source>
        <translation>La organización ancla a la que corresponde</translation>
    </message>
    <message>
        <source>&amp;Organisation:</source>
        <translation>&amp;Organización:</translation>
    </message>
    <message>
        <source>&amp;Reference:</source>
        <translation>&amp;Referencia:</translation>
    </message>
    <message>
        <source>&amp;PMPM rate:</source>
        <translation>Tarifa &amp;PMPM:</translation>
    </message>
    <message>
        <source>&amp;Starts on:</source>
        <translation>&amp;Inicia el:</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>AAAA-MM-DD</translation>
    </message>
    <message>
        <source>&amp;Ends on (optional):</source>
        <translation>&amp;Termina el (opcional):</translation>
    </message>
    <message>
        <source>Proration</source>
        <translation>Prorrateo</translation>
    </message>
    <message>
        <source>How a month with only some days enrolled is charged</source>
        <translation>Cómo se cobra un mes con solo algunos días de afiliación</translation>
    </message>
    <message>
        <source>Pro&amp;ration:</source>
        <translation>Prorrat&amp;eo:</translation>
    </message>
    <message>
        <source>Dependants</source>
        <translation>Dependientes</translation>
    </message>
    <message>
        <source>How employees&apos; dependants are billed</source>
        <translation>Cómo se facturan los dependientes de los empleados</translation>
    </message>
    <message>
        <source>&amp;Dependants:</source>
        <translation>&amp;Dependientes:</translation>
    </message>
    <message>
        <source>&amp;Minimum monthly fee:</source>
        <translation>Cargo &amp;mínimo mensual:</translation>
    </message>
    <message>
        <source>Age &amp;bands (optional):</source>
        <translation>Tramos por edad (opciona&amp;l):</translation>
    </message>
    <message>
        <source>Co&amp;vered services:</source>
        <translation>Ser&amp;vicios cubiertos:</translation>
    </message>
    <message>
        <source>The contract&apos;s reference, as the organisation knows it</source>
        <translation>La referencia del contrato, tal como la conoce la organización</translation>
    </message>
    <message>
        <source>What the clinic charges per member per month, for example 80.00</source>
        <translation>Lo que la clínica cobra por afiliado al mes, por ejemplo 80.00</translation>
    </message>
    <message>
        <source>The first day the contract covers (YYYY-MM-DD)</source>
        <translation>El primer día que cubre el contrato (AAAA-MM-DD)</translation>
    </message>
    <message>
        <source>The last day the contract covers, if it ends (YYYY-MM-DD)</source>
        <translation>El último día que cubre el contrato, si termina (AAAA-MM-DD)</translation>
    </message>
    <message>
        <source>The least the organisation pays in a month, whatever the roster</source>
        <translation>Lo mínimo que la organización paga en un mes, sea cual sea la nómina de afiliados</translation>
    </message>
    <message>
        <source>Different rates by age, for example 0-17:40.00, 18-64:80.00</source>
        <translation>Tarifas distintas según la edad, por ejemplo 0-17:40.00, 18-64:80.00</translation>
    </message>
    <message>
        <source>What the contract covers, in a few words</source>
        <translation>Lo que cubre el contrato, en pocas palabras</translation>
    </message>
</context>
<context>
    <name>ContractsModel</name>
    <message>
        <source>Contract</source>
        <translation>Contrato</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organización</translation>
    </message>
    <message>
        <source>PMPM</source>
        <translation>PMPM</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Hasta</translation>
    </message>
    <message>
        <source>Proration</source>
        <translation>Prorrateo</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>Mínimo</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>Inscritos</translation>
    </message>
</context>
<context>
    <name>ContractsTab</name>
    <message>
        <source>Contracts</source>
        <translation>Contratos</translation>
    </message>
    <message>
        <source>Direct-care contracts with anchor organisations, their rates and dates</source>
        <translation>Contratos de atención directa con organizaciones ancla, con sus tarifas y fechas</translation>
    </message>
    <message>
        <source>Filter by contract or organisation…</source>
        <translation>Filtrar por contrato u organización…</translation>
    </message>
    <message>
        <source>Filter contracts</source>
        <translation>Filtrar contratos</translation>
    </message>
    <message>
        <source>No direct-care contracts yet. Add organisation… (Ctrl+Shift+O) records an employer or another anchor organisation; Add contract… (Ctrl+N) then sets its rate per member per month.</source>
        <translation>Aún no hay contratos de atención directa. Agregar organización… (Ctrl+Mayús+O) registra un empleador u otra organización ancla; Agregar contrato… (Ctrl+N) fija luego su tarifa por miembro y mes.</translation>
    </message>
    <message>
        <source>No direct-care contracts yet. A clinic manager adds them.</source>
        <translation>Aún no hay contratos de atención directa. Los agrega un gerente de la clínica.</translation>
    </message>
    <message>
        <source>Add &amp;organisation…</source>
        <translation>Agregar &amp;organización…</translation>
    </message>
    <message>
        <source>Add &amp;contract…</source>
        <translation>Agregar &amp;contrato…</translation>
    </message>
    <message>
        <source>&amp;Import roster…</source>
        <translation>&amp;Importar nómina…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Roster import result</source>
        <translation>Resultado de la importación de la nómina</translation>
    </message>
    <message>
        <source>{add} to add, {leave} leaving, {change} changed, {keep} unchanged, {review} to review</source>
        <translation>{add} por agregar, {leave} de baja, {change} con cambios, {keep} sin cambios, {review} por revisar</translation>
    </message>
    <message>
        <source>Would change {contract} from {day}: {counts}.</source>
        <translation>Cambios que se harían en {contract} desde el {day}: {counts}.</translation>
    </message>
    <message>
        <source>Changed {contract} from {day}: {counts}.</source>
        <translation>Cambios hechos en {contract} desde el {day}: {counts}.</translation>
    </message>
</context>
<context>
    <name>InvoiceState</name>
    <message>
        <source>draft</source>
        <translation>borrador</translation>
    </message>
    <message>
        <source>issued</source>
        <translation>emitida</translation>
    </message>
    <message>
        <source>partly paid</source>
        <translation>pagada en parte</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>pagada</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>vencida</translation>
    </message>
    <message>
        <source>void</source>
        <translation>anulada</translation>
    </message>
</context>
<context>
    <name>InvoicesModel</name>
    <message>
        <source>Number</source>
        <translation>Número</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mes</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organización</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Contrato</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vencimiento</translation>
    </message>
</context>
<context>
    <name>InvoicesTab</name>
    <message>
        <source>Invoices</source>
        <translation>Facturas</translation>
    </message>
    <message>
        <source>Invoices to anchor organisations with their amounts, due dates and payment state</source>
        <translation>Facturas a organizaciones ancla con sus importes, fechas de vencimiento y estado de pago</translation>
    </message>
    <message>
        <source>Filter by number, month or organisation…</source>
        <translation>Filtrar por número, mes u organización…</translation>
    </message>
    <message>
        <source>Filter invoices</source>
        <translation>Filtrar facturas</translation>
    </message>
    <message>
        <source>No invoices yet. Once a contract has people enrolled, choose the month and Run month (Ctrl+Shift+R).</source>
        <translation>Aún no hay facturas. Cuando un contrato tenga personas afiliadas, elija el mes y Generar mes (Ctrl+Mayús+R).</translation>
    </message>
    <message>
        <source>No invoices yet.</source>
        <translation>Aún no hay facturas.</translation>
    </message>
    <message>
        <source>Month to invoice</source>
        <translation>Mes a facturar</translation>
    </message>
    <message>
        <source>YYYY-MM</source>
        <translation>AAAA-MM</translation>
    </message>
    <message>
        <source>&amp;Run month</source>
        <translation>&amp;Generar mes</translation>
    </message>
    <message>
        <source>&amp;Issue drafts</source>
        <translation>&amp;Emitir borradores</translation>
    </message>
    <message>
        <source>Record pa&amp;yment…</source>
        <translation>Registrar pag&amp;o…</translation>
    </message>
    <message>
        <source>Save &amp;PDF…</source>
        <translation>Guardar &amp;PDF…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Month:</source>
        <translation>Mes:</translation>
    </message>
    <message>
        <source>{period}: {new} new, {updated} brought up to date, {credits} credit notes; {total} for the month.</source>
        <translation>{period}: {new} nuevas, {updated} actualizadas, {credits} notas de crédito; {total} en el mes.</translation>
    </message>
    <message numerus="yes">
        <source>%n person(s) enrolled after the month&apos;s invoice was issued and not billed for it: {names}.</source>
        <translation>
            <numerusform>%n persona se inscribió después de emitida la factura del mes y no se le facturó: {names}.</numerusform>
            <numerusform>%n personas se inscribieron después de emitida la factura del mes y no se les facturó: {names}.</numerusform>
        </translation>
    </message>
    <message>
        <source>{run} {late}</source>
        <translation>{run} {late}</translation>
    </message>
    <message numerus="yes">
        <source>Issued %n invoice(s): {numbers}</source>
        <translation>
            <numerusform>Se emitió %n factura: {numbers}</numerusform>
            <numerusform>Se emitieron %n facturas: {numbers}</numerusform>
        </translation>
    </message>
    <message>
        <source>No drafts to issue for this month.</source>
        <translation>No hay borradores por emitir en este mes.</translation>
    </message>
    <message>
        <source>Save the invoice</source>
        <translation>Guardar la factura</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Guardado: {path}</translation>
    </message>
</context>
<context>
    <name>OrganisationDialog</name>
    <message>
        <source>Add an anchor organisation</source>
        <translation>Agregar una organización ancla</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Agregar</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>What sort of organisation it is</source>
        <translation>Qué tipo de organización es</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Tipo:</translation>
    </message>
    <message>
        <source>&amp;Contact person:</source>
        <translation>&amp;Persona de contacto:</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;Correo electrónico:</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>Telé&amp;fono:</translation>
    </message>
    <message>
        <source>Add&amp;ress:</source>
        <translation>&amp;Dirección:</translation>
    </message>
    <message>
        <source>&amp;Sites (comma between):</source>
        <translation>&amp;Sedes (separadas por comas):</translation>
    </message>
    <message>
        <source>Anchor &amp;member no.:</source>
        <translation>N.º de socio anc&amp;la:</translation>
    </message>
    <message>
        <source>The organisation&apos;s name, as on invoices</source>
        <translation>El nombre de la organización, tal como aparece en las facturas</translation>
    </message>
    <message>
        <source>Who to write to at the organisation</source>
        <translation>A quién escribir en la organización</translation>
    </message>
    <message>
        <source>The contact&apos;s e-mail address</source>
        <translation>El correo electrónico de la persona de contacto</translation>
    </message>
    <message>
        <source>The contact&apos;s telephone number</source>
        <translation>El número de teléfono de la persona de contacto</translation>
    </message>
    <message>
        <source>The organisation&apos;s postal address, for invoices</source>
        <translation>La dirección postal de la organización, para las facturas</translation>
    </message>
    <message>
        <source>The organisation&apos;s sites, separated by commas</source>
        <translation>Las sedes de la organización, separadas por comas</translation>
    </message>
    <message>
        <source>The organisation&apos;s own member number, if it is a member</source>
        <translation>El número de socio de la organización, si es socia</translation>
    </message>
    <message>
        <source>A member number is digits only.</source>
        <translation>El número de socio lleva solo dígitos.</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Record a payment</source>
        <translation>Registrar un pago</translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation>&amp;Registrar</translation>
    </message>
    <message>
        <source>{number} to {organisation}: {balance} still owed.</source>
        <translation>{number} a {organisation}: quedan {balance} por pagar.</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>&amp;Importe:</translation>
    </message>
    <message>
        <source>&amp;Received on:</source>
        <translation>Re&amp;cibido el:</translation>
    </message>
    <message>
        <source>R&amp;eference:</source>
        <translation>Re&amp;ferencia:</translation>
    </message>
    <message>
        <source>The amount received, for example 1200.00</source>
        <translation>El importe recibido, por ejemplo 1200.00</translation>
    </message>
    <message>
        <source>The day the payment arrived (YYYY-MM-DD)</source>
        <translation>El día en que llegó el pago (AAAA-MM-DD)</translation>
    </message>
    <message>
        <source>The bank or cheque reference of the payment (optional)</source>
        <translation>La referencia bancaria o del cheque del pago (opcional)</translation>
    </message>
</context>
<context>
    <name>ProposalTab</name>
    <message>
        <source>Employer</source>
        <translation>Empleador</translation>
    </message>
    <message>
        <source>The organisation the proposal is prepared for</source>
        <translation>La organización para la que se prepara la propuesta</translation>
    </message>
    <message>
        <source>Employees</source>
        <translation>Empleados</translation>
    </message>
    <message>
        <source>How many employees the proposal covers</source>
        <translation>Cuántos empleados cubre la propuesta</translation>
    </message>
    <message>
        <source>Today&apos;s spend per employee per month</source>
        <translation>Gasto actual por empleado al mes</translation>
    </message>
    <message>
        <source>What the employer pays today for each employee&apos;s care, per month</source>
        <translation>Lo que el empleador paga hoy por la atención de cada empleado, al mes</translation>
    </message>
    <message>
        <source>Clinic rate per member per month</source>
        <translation>Tarifa de la clínica por afiliado al mes</translation>
    </message>
    <message>
        <source>What the clinic would charge for each enrolled employee, per month</source>
        <translation>Lo que la clínica cobraría por cada empleado afiliado, al mes</translation>
    </message>
    <message>
        <source>Wrap-around plan per employee per month</source>
        <translation>Plan complementario por empleado al mes</translation>
    </message>
    <message>
        <source>What a plan for care outside the clinic costs per employee, per month</source>
        <translation>Lo que cuesta un plan de atención fuera de la clínica por empleado, al mes</translation>
    </message>
    <message>
        <source>Prepared f&amp;or:</source>
        <translation>Preparada pa&amp;ra:</translation>
    </message>
    <message>
        <source>&amp;Employees:</source>
        <translation>&amp;Empleados:</translation>
    </message>
    <message>
        <source>Today&apos;s &amp;spend (per employee, month):</source>
        <translation>&amp;Gasto actual (por empleado, al mes):</translation>
    </message>
    <message>
        <source>Clinic &amp;rate (PMPM):</source>
        <translation>Tarifa de la clíni&amp;ca (PMPM):</translation>
    </message>
    <message>
        <source>Wrap-aroun&amp;d plan (per employee, month):</source>
        <translation>Plan complementario (por empleado, al &amp;mes):</translation>
    </message>
    <message>
        <source>Yearly saving</source>
        <translation>Ahorro anual</translation>
    </message>
    <message>
        <source>Yearly cost, today and proposed</source>
        <translation>Costo anual, actual y propuesto</translation>
    </message>
    <message>
        <source>Save proposal &amp;PDF…</source>
        <translation>Guardar la propuesta en &amp;PDF…</translation>
    </message>
    <message>
        <source>Yearly saving {saving} ({each} per employee, {share} of today&apos;s spend): today {today}, proposed {proposed} a year.</source>
        <translation>Ahorro anual de {saving} ({each} por empleado, {share} del gasto actual): hoy {today}, con la propuesta {proposed} al año.</translation>
    </message>
    <message>
        <source>On these figures the proposal costs {more} a year more.</source>
        <translation>Con estas cifras, la propuesta cuesta {more} más al año.</translation>
    </message>
    <message>
        <source>Yearly cost</source>
        <translation>Costo anual</translation>
    </message>
    <message>
        <source>Today&apos;s coverage</source>
        <translation>Cobertura actual</translation>
    </message>
    <message>
        <source>Clinic + wrap-around plan</source>
        <translation>Clínica + plan complementario</translation>
    </message>
    <message>
        <source>Per year</source>
        <translation>Por año</translation>
    </message>
    <message>
        <source>your organisation</source>
        <translation>su organización</translation>
    </message>
    <message>
        <source>Save the proposal</source>
        <translation>Guardar la propuesta</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Guardado: {path}</translation>
    </message>
</context>
<context>
    <name>ResolveDialog</name>
    <message>
        <source>Who is this?</source>
        <translation>¿Quién es?</translation>
    </message>
    <message>
        <source>&amp;Decide</source>
        <translation>&amp;Decidir</translation>
    </message>
    <message>
        <source>no birth date</source>
        <translation>sin fecha de nacimiento</translation>
    </message>
    <message>
        <source>On the roster of {contract}: {name}, born {born}.</source>
        <translation>En la nómina de {contract}: {name}, fecha de nacimiento: {born}.</translation>
    </message>
    <message>
        <source>The patient</source>
        <translation>El paciente</translation>
    </message>
    <message>
        <source>A new patient</source>
        <translation>Un paciente nuevo</translation>
    </message>
    <message>
        <source>&amp;It is:</source>
        <translation>&amp;Es:</translation>
    </message>
</context>
<context>
    <name>ReviewTab</name>
    <message>
        <source>Roster rows waiting for review</source>
        <translation>Filas de la nómina en espera de revisión</translation>
    </message>
    <message>
        <source>Roster changes from an import that need a decision before they apply</source>
        <translation>Cambios de la nómina de afiliados de una importación que requieren una decisión antes de aplicarse</translation>
    </message>
    <message>
        <source>Filter by name…</source>
        <translation>Filtrar por nombre…</translation>
    </message>
    <message>
        <source>Filter roster rows</source>
        <translation>Filtrar filas de la nómina</translation>
    </message>
    <message>
        <source>No roster row waits for a decision.</source>
        <translation>Ninguna fila de la nómina espera una decisión.</translation>
    </message>
    <message>
        <source>&amp;Decide…</source>
        <translation>&amp;Decidir…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Roster rows that may be existing patients but are not certainly so. Nothing is done for them (nor are their candidates made leavers) until decided.</source>
        <translation>Filas de la nómina que pueden ser pacientes existentes, pero no con certeza. No se hace nada con ellas (ni se da de baja a sus candidatos) hasta que se decida.</translation>
    </message>
</context>
<context>
    <name>ReviewsModel</name>
    <message>
        <source>Contract</source>
        <translation>Contrato</translation>
    </message>
    <message>
        <source>On the roster</source>
        <translation>En la nómina</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>Nacimiento</translation>
    </message>
    <message>
        <source>Identifier</source>
        <translation>Identificador</translation>
    </message>
    <message>
        <source>Effective</source>
        <translation>Vigencia</translation>
    </message>
    <message>
        <source>May be</source>
        <translation>Puede ser</translation>
    </message>
</context>
<context>
    <name>RosterImportDialog</name>
    <message>
        <source>Import a roster</source>
        <translation>Importar una nómina</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importar</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organización</translation>
    </message>
    <message>
        <source>The anchor organisation this is for</source>
        <translation>La organización ancla a la que corresponde</translation>
    </message>
    <message>
        <source>&amp;Organisation:</source>
        <translation>&amp;Organización:</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Archivo:</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>&amp;Elegir…</translation>
    </message>
    <message>
        <source>&amp;Effective on:</source>
        <translation>&amp;Vigente desde:</translation>
    </message>
    <message>
        <source>Only &amp;show what would change</source>
        <translation>&amp;Solo mostrar lo que cambiaría</translation>
    </message>
    <message>
        <source>People who may be existing patients but are not certainly so wait in Roster review. A file with a bad row is refused whole.</source>
        <translation>Las personas que pueden ser pacientes existentes, pero no con certeza, esperan en Revisión de nómina. Un archivo con una fila incorrecta se rechaza entero.</translation>
    </message>
    <message>
        <source>The roster file from the organisation (CSV)</source>
        <translation>El archivo de la nómina de afiliados enviado por la organización (CSV)</translation>
    </message>
    <message>
        <source>The day the roster takes effect (YYYY-MM-DD)</source>
        <translation>El día en que entra en vigor la nómina de afiliados (AAAA-MM-DD)</translation>
    </message>
    <message>
        <source>Roster to import</source>
        <translation>Nómina a importar</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Choose the roster file.</source>
        <translation>Elija el archivo de la nómina.</translation>
    </message>
    <message>
        <source>Could not read {path}: {error}</source>
        <translation>No se pudo leer {path}: {error}</translation>
    </message>
</context>
</TS>
