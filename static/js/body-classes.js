// Runs before the page paints: GOV.UK Frontend needs these classes on <body> (no inline script: CSP).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
