// Progressive enhancement only: every page works without this file. While a form marked
// data-busy submits, show that something is happening and stop double submits.
document.addEventListener('submit', (event) => {
  const form = event.target
  if (!(form instanceof HTMLFormElement) || !form.dataset.busy) return
  if (form.getAttribute('aria-busy') === 'true') {
    event.preventDefault()
    return
  }
  form.setAttribute('aria-busy', 'true')
  const button = form.querySelector('button[type="submit"]')
  if (button) {
    button.dataset.label = button.textContent
    button.textContent = form.dataset.busy
  }
  const note = document.createElement('p')
  note.className = 'busy-note'
  note.setAttribute('role', 'status')
  note.textContent = form.dataset.busy
  form.append(note)
})
// A page restored from the back/forward cache must not stay busy.
window.addEventListener('pageshow', () => {
  for (const form of document.querySelectorAll('form[aria-busy="true"]')) {
    form.removeAttribute('aria-busy')
    const button = form.querySelector('button[data-label]')
    if (button) button.textContent = button.dataset.label
    for (const note of form.querySelectorAll('.busy-note')) note.remove()
  }
})
