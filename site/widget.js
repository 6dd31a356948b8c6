// The one-line embed: registers <ticket-search>.
//   <script type="module" src="https://assets.example/tickets/widget.js"></script>
//   <ticket-search src="https://assets.example/tickets/"></ticket-search>
import { TicketSearchElement } from './widget/ticket-search.js';

TicketSearchElement.define();

export { TicketSearchElement };
