import { initAll } from "../app/govuk-frontend.min.js";

initAll();
